package com.pulse.messaging.realtime;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import com.pulse.messaging.support.RawWs;
import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.junit.jupiter.api.Test;

import static com.pulse.messaging.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The limits of a connection: bad frames answered without closing, 64 KiB messages, the rate limit. */
class FrameLimitsTest extends RealtimeTestBase {

	private static final int LIMIT = 64 * 1024;

	@Test
	void malformedUnknownOrUntypedFramesAreAnsweredAndTheConnectionStaysUsable() {
		WsClient socket = connect(Tokens.newUser());
		socket.sendText("{not json");
		assertThat(socket.await("error")).containsEntry("code", "malformed_request").doesNotContainKey("ref");
		socket.sendText("[1,2]");
		assertThat(socket.await("error")).containsEntry("code", "malformed_request");
		socket.send(json("type", "no.such.frame", "ref", "u"));
		assertThat(socket.await("error")).containsEntry("ref", "u").containsEntry("code", "malformed_request");
		socket.send(json("ref", "m", "content", "no type"));
		assertThat(socket.await("error")).containsEntry("ref", "m").containsEntry("code", "malformed_request");
		socket.send(json("type", 42, "ref", "n"));
		assertThat(socket.await("error")).containsEntry("ref", "n").containsEntry("code", "malformed_request");
		socket.send(json("type", "ping", "ref", "still-here"));
		assertThat(socket.await("pong")).containsEntry("ref", "still-here");
		assertThat(socket.isOpen()).isTrue();
	}

	@Test
	void oneFrameOver64KiBClosesWith1009() {
		RawWs socket = raw(Tokens.newUser());
		socket.nextText();
		socket.sendFragments(RawWs.paddedPing("big", LIMIT + 1), LIMIT + 1);
		assertThat(socket.awaitClose()).isNotNull().extracting(RawWs.Frame::closeCode).isEqualTo(1009);
	}

	@Test
	void messageOver64KiBReassembledFromFragmentsClosesWith1009() {
		RawWs socket = raw(Tokens.newUser());
		socket.nextText();
		socket.sendFragments(RawWs.paddedPing("big", 70_000), 30_000, 30_000, 10_000);
		assertThat(socket.awaitClose()).isNotNull().extracting(RawWs.Frame::closeCode).isEqualTo(1009);
	}

	@Test
	void messageJustUnder64KiBIsProcessedInOneFrameOrInFragments() {
		RawWs socket = raw(Tokens.newUser());
		socket.nextText();
		socket.sendFragments(RawWs.paddedPing("whole", LIMIT - 100), LIMIT - 100);
		assertThat(socket.nextText()).contains("\"pong\"").contains("\"whole\"");
		socket.sendFragments(RawWs.paddedPing("parts", LIMIT - 100), 20_000, 20_000, LIMIT - 40_100);
		assertThat(socket.nextText()).contains("\"pong\"").contains("\"parts\"");
	}

	@Test
	void sendJustUnder64KiBIsStored() {
		String alice = Tokens.newUser();
		String conversation = this.api.direct(alice, Tokens.newUser());
		WsClient socket = connect(alice);
		String content = "x".repeat(10_000);
		String frame = "{\"type\":\"message.send\",\"ref\":\"r\",\"conversation_id\":\"" + conversation
				+ "\",\"content\":\"" + content + "\",\"client_message_id\":\"" + UUID.randomUUID() + "\",\"pad\":\"";
		int padding = LIMIT - 10 - frame.getBytes(StandardCharsets.UTF_8).length;
		socket.sendText(frame + " ".repeat(padding) + "\"}");
		assertThat(message(socket.ack("r"))).containsEntry("content", content);
	}

	@Test
	void floodingPastTheRateLimitIsRefusedThenClosedWith1008() {
		WsClient socket = connect(Tokens.newUser());
		String ping = "{\"type\":\"ping\",\"ref\":\"f\"}";
		for (int i = 0; i < 5_000 && socket.closeCode() == null; i++) {
			if (!socket.trySendText(ping)) {
				break;
			}
		}
		Integer code = socket.awaitEnd();
		// the server answers no more than its burst (200) plus what refills while the flood lasts
		assertThat(socket.count("pong")).isBetween(1, 400);
		if (code == null) {
			// the client kept flooding into the closing socket and lost the last frames to a TCP reset
			return;
		}
		assertThat(code).isEqualTo(1008);
		assertThat(socket.all("error")).isNotEmpty()
			.allSatisfy((error) -> assertThat(error).containsEntry("code", "rate_limited").containsEntry("ref", "f"));
		int firstError = socket.all().indexOf(socket.all("error").get(0));
		assertThat(socket.all().subList(1, firstError)).isNotEmpty()
			.allSatisfy((frame) -> assertThat(frame).isEqualTo(Map.of("type", "pong", "ref", "f")));
	}

}
