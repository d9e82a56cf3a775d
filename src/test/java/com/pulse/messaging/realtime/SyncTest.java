package com.pulse.messaging.realtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.RawWs;
import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.junit.jupiter.api.Test;

import static com.pulse.messaging.support.ApiClient.json;
import static com.pulse.messaging.support.ApiClient.number;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code sync}: a client back from a dropped connection gets exactly what it missed. */
class SyncTest extends RealtimeTestBase {

	@Test
	void syncAfterADroppedConnectionReplaysExactlyTheMissedMessagesThenDone() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String direct = this.api.direct(alice, bob);
		String group = this.api.groupId(alice, bob);
		WsClient bobSocket = connect(bob);
		this.api.send(alice, direct, "seen 1");
		long lastSeen = number(message(bobSocket.await("message.new")).get("seq"));
		bobSocket.close();
		List<String> missedDirect = List.of(sendId(alice, direct, "missed 1"), sendId(alice, direct, "missed 2"),
				sendId(alice, direct, "missed 3"));
		List<String> missedGroup = List.of(sendId(alice, group, "missed in group"));
		WsClient back = connect(bob);
		back.send(json("type", "sync", "ref", "sync-1", "conversations", Map.of(direct, lastSeen, group, 0)));
		Map<String, Object> done = back.await("sync.done");
		assertThat(done).containsEntry("has_more", false).containsEntry("ref", "sync-1");
		List<Map<String, Object>> replayed = back.all("message.new").stream().map(RealtimeTestBase::message).toList();
		assertThat(replayed.stream().filter((m) -> direct.equals(m.get("conversation_id"))).map((m) -> m.get("id")))
			.containsExactlyElementsOf(missedDirect);
		assertThat(replayed.stream().filter((m) -> group.equals(m.get("conversation_id"))).map((m) -> m.get("id")))
			.containsExactlyElementsOf(missedGroup);
		assertThat(replayed).hasSize(4);
		assertThat(back.all().indexOf(done)).isEqualTo(back.all().size() - 1);
		back.assertNone("message.new", (f) -> !replayed.contains(message(f)), Duration.ofMillis(300));
		assertThat(back.count("ack")).isZero();
	}

	@Test
	void syncAfterAConnectionThatDiedWithoutClosingMissesNothing() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		RawWs dying = raw(bob);
		dying.nextText();
		dying.abort();
		List<String> sent = IntStream.range(0, 5).mapToObj((i) -> sendId(alice, conversation, "while away " + i)).toList();
		WsClient back = connect(bob);
		back.send(json("type", "sync", "conversations", Map.of(conversation, 0)));
		assertThat(back.await("sync.done")).containsEntry("has_more", false).doesNotContainKey("ref");
		assertThat(back.all("message.new").stream().map(RealtimeTestBase::messageId)).containsExactlyElementsOf(sent);
		assertThat(back.all("message.new").stream().map((f) -> number(message(f).get("seq"))))
			.isSortedAccordingTo(Long::compare);
	}

	@Test
	void syncReplaysMoreMissedMessagesThanTheOutboundBufferHolds() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		for (int i = 0; i < 300; i++) {
			this.api.send(alice, conversation, "bulk " + i);
		}
		WsClient back = connect(bob);
		back.send(json("type", "sync", "ref", "big", "conversations", Map.of(conversation, 0)));
		assertThat(back.await("sync.done")).containsEntry("has_more", false);
		assertThat(back.all("message.new").stream().map((f) -> number(message(f).get("seq"))))
			.hasSize(300)
			.doesNotHaveDuplicates()
			.isSorted();
		assertThat(back.isOpen()).isTrue();
	}

	@Test
	void syncOfAConversationTheUserIsNotInAnswersNotFoundAndStillFinishes() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		String mine = this.api.direct(bob, Tokens.newUser());
		this.api.send(alice, conversation, "not for the intruder");
		this.api.send(bob, mine, "mine");
		WsClient bobSocket = connect(bob);
		WsClient stranger = connect(Tokens.newUser());
		stranger.send(json("type", "sync", "ref", "s", "conversations", Map.of(conversation, 0)));
		assertThat(stranger.await("error")).containsEntry("ref", "s").containsEntry("code", "not_found");
		assertThat(stranger.await("sync.done")).containsEntry("has_more", false);
		assertThat(stranger.count("message.new")).isZero();
		bobSocket.send(json("type", "sync", "conversations", Map.of(mine, 0)));
		bobSocket.await("sync.done");
		assertThat(bobSocket.all("message.new")).hasSize(1);
	}

	@Test
	void syncWithoutAMapAnswersTheStateOfEveryConversation() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String direct = this.api.direct(alice, bob);
		this.api.send(alice, direct, "one");
		this.api.send(alice, direct, "two");
		String group = this.api.groupId(bob, alice);
		this.api.send(bob, group, "mine");
		WsClient socket = connect(bob);
		socket.send(json("type", "sync", "ref", "state"));
		Map<String, Object> state = socket.await("sync.state");
		assertThat(ApiClient.list(state, "conversations")).containsExactlyInAnyOrder(
				Map.of("id", direct, "last_seq", 2, "unread_count", 2),
				Map.of("id", group, "last_seq", 1, "unread_count", 0));
		assertThat(socket.count("ack")).isZero();
	}

	@Test
	void syncWithABadMapIsAValidationError() {
		WsClient socket = connect(Tokens.newUser());
		socket.send(json("type", "sync", "ref", "bad", "conversations", Map.of("x", -1)));
		assertThat(socket.await("error")).containsEntry("ref", "bad").containsEntry("code", "validation_failed");
		socket.send(json("type", "sync", "ref", "bad2", "conversations", List.of("x")));
		assertThat(socket.await("error")).containsEntry("ref", "bad2").containsEntry("code", "validation_failed");
	}

	@Test
	void syncNamingMoreThan500ConversationsIsRefusedWholeWithoutDone() {
		Chat chat = chat();
		this.api.send(chat.alice(), chat.conversation(), "live");
		chat.bobSocket().await("message.new");
		Map<String, Object> seen = new java.util.LinkedHashMap<>();
		seen.put(chat.conversation(), 0);
		IntStream.range(0, 500).forEach((i) -> seen.put(String.format("%024x", i), 0));
		chat.bobSocket().send(json("type", "sync", "ref", "big", "conversations", seen));
		assertThat(chat.bobSocket().await("error")).containsEntry("ref", "big").containsEntry("code", "validation_failed");
		chat.bobSocket().send(json("type", "ping", "ref", "p"));
		chat.bobSocket().await("pong");
		chat.bobSocket().assertNone("sync.done", Duration.ofMillis(300));
		chat.bobSocket().assertNone("message.new", Duration.ZERO);
	}

	private String sendId(String user, String conversation, String content) {
		return (String) this.api.send(user, conversation, content).get("id");
	}

}
