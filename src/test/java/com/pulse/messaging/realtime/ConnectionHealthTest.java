package com.pulse.messaging.realtime;

import java.util.Map;

import com.pulse.messaging.support.RawWs;
import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static com.pulse.messaging.support.ApiClient.json;
import static com.pulse.messaging.support.ApiClient.number;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timers and buffers, in one context with short settings: heartbeats every second, a 16-frame outbound
 * buffer, typing that stops after one second, sync pages of five.
 */
@TestPropertySource(properties = { "messaging.realtime.heartbeat-interval=1s", "messaging.realtime.outbound-buffer=16",
		"messaging.realtime.typing-timeout=1s", "messaging.realtime.sync-limit=5" })
class ConnectionHealthTest extends RealtimeTestBase {

	@Test
	void clientThatNeverAnswersPingsIsClosedAfterTwoMissed() {
		WsClient answering = connect(Tokens.newUser());
		RawWs silent = raw(Tokens.newUser());
		assertThat(silent.nextText()).contains("\"connected\"");
		int pings = 0;
		RawWs.Frame frame = silent.next();
		while (frame != null && frame.opcode() == RawWs.PING) {
			pings++;
			frame = silent.next();
		}
		assertThat(frame).isNotNull();
		assertThat(frame.opcode()).isEqualTo(RawWs.CLOSE);
		assertThat(frame.closeCode()).isEqualTo(1008);
		assertThat(pings).isEqualTo(2);
		assertThat(answering.isOpen()).isTrue();
		assertThat(number(answering.connected().get("heartbeat_interval_ms"))).isEqualTo(1000);
	}

	@Test
	void slowReaderWhoseBufferFillsIsClosedWith1008() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		RawWs slow = raw(bob, 4096);
		// 30 KB a frame (3-byte characters), 12 MB in all: more than loopback's socket buffers and the socket
		// writer's prefetch (128 frames) hold, so the connection's own queue fills
		String content = "\u20ac".repeat(10_000);
		for (int i = 0; i < 400; i++) {
			this.api.send(alice, conversation, content);
			slow.sendPong(new byte[0]); // an unsolicited pong keeps it clear of the heartbeat check
		}
		RawWs.Frame close = slow.awaitClose();
		assertThat(close).isNotNull();
		assertThat(close.closeCode()).isEqualTo(1008);
		assertThat(close.closeReason()).isEqualTo("outbound buffer full");
	}

	@Test
	void syncReplaysAtMostTheLimitAndSaysMoreRemain() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		for (int i = 1; i <= 7; i++) {
			this.api.send(alice, conversation, "m" + i);
		}
		WsClient socket = connect(bob);
		socket.send(json("type", "sync", "conversations", Map.of(conversation, 0)));
		assertThat(socket.await("sync.done")).containsEntry("has_more", true);
		assertThat(socket.all("message.new").stream().map((f) -> number(message(f).get("seq")))).containsExactly(1L, 2L,
				3L, 4L, 5L);
		socket.send(json("type", "sync", "conversations", Map.of(conversation, 5)));
		assertThat(socket.await("sync.done")).containsEntry("has_more", false);
		assertThat(socket.all("message.new")).hasSize(7);
	}

	@Test
	void typingStopsByItselfAfterTheTimeout() {
		Chat chat = chat();
		chat.aliceTypes("start");
		assertThat(chat.bobSocket().await("typing")).containsEntry("state", "start");
		assertThat(chat.bobSocket().await("typing")).containsEntry("user_id", chat.alice()).containsEntry("state", "stop");
		chat.aliceTypes("start");
		assertThat(chat.bobSocket().await("typing")).containsEntry("state", "start");
	}

}
