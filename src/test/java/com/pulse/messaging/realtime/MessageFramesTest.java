package com.pulse.messaging.realtime;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.junit.jupiter.api.Test;

import static com.pulse.messaging.support.ApiClient.API;
import static com.pulse.messaging.support.ApiClient.json;
import static com.pulse.messaging.support.ApiClient.map;
import static com.pulse.messaging.support.ApiClient.number;
import static org.assertj.core.api.Assertions.assertThat;

/** Message frames over {@code /ws}: connected, send and ack, delivery to every device, edits, reads, ping. */
class MessageFramesTest extends RealtimeTestBase {

	private static final Duration QUIET = Duration.ofMillis(500);

	@Test
	void firstFrameIsConnectedWithSessionAndHeartbeat() {
		String alice = Tokens.newUser();
		WsClient socket = connect(alice);
		Map<String, Object> connected = socket.all().get(0);
		assertThat(connected.keySet()).first().isEqualTo("type");
		assertThat(connected).containsEntry("type", "connected").containsEntry("user_id", alice);
		assertThat((String) connected.get("session_id")).isNotBlank();
		assertThat(number(connected.get("heartbeat_interval_ms"))).isEqualTo(30_000);
		assertThat(Instant.parse((String) connected.get("server_time"))).isBetween(Instant.now().minusSeconds(10),
				Instant.now().plusSeconds(1));
		assertThat(connect(alice).sessionId()).isNotEqualTo(socket.sessionId());
	}

	@Test
	void sendsPipelinedWithoutWaitingForAcksKeepTheOrderTheyWereSentIn() {
		String alice = Tokens.newUser();
		String conversation = this.api.direct(alice, Tokens.newUser());
		WsClient socket = connect(alice);
		int sends = 40;
		for (int i = 0; i < sends; i++) {
			socket.send(json("type", "message.send", "ref", "p" + i, "conversation_id", conversation, "content", "m" + i));
			if (i == sends / 2) {
				socket.send(json("type", "message.send", "ref", "refused", "conversation_id", conversation, "content", " "));
			}
		}
		long previous = 0;
		for (int i = 0; i < sends; i++) {
			long seq = number(message(socket.ack("p" + i)).get("seq"));
			assertThat(seq).as("seq of send %d", i).isGreaterThan(previous);
			previous = seq;
		}
		assertThat(socket.all("ack")).extracting((ack) -> ack.get("ref"))
			.as("acks in the order of the frames")
			.containsExactlyElementsOf(java.util.stream.IntStream.range(0, sends).mapToObj((i) -> "p" + i).toList());
		Map<String, Object> refused = socket.await("error", (f) -> "refused".equals(f.get("ref")));
		assertThat(refused).containsEntry("code", "validation_failed");
		List<Object> answers = socket.all().stream().filter((f) -> "ack".equals(f.get("type")) || "error".equals(f.get("type")))
			.map((f) -> f.get("ref")).toList();
		assertThat(answers.indexOf("refused")).as("the refused send answered in its turn")
			.isEqualTo(answers.indexOf("p" + (sends / 2)) + 1);
		assertThat(this.api.messages(alice, conversation)).extracting((m) -> m.get("content"))
			.containsExactlyElementsOf(java.util.stream.IntStream.range(0, sends).mapToObj((i) -> "m" + i).toList());
	}

	@Test
	void conversationUpdatedReachesEveryMemberWithTheirOwnUnreadCountAndMute() {
		String admin = Tokens.newUser();
		String bob = Tokens.newUser();
		String carol = Tokens.newUser();
		WsClient bobSocket = connect(bob);
		WsClient carolSocket = connect(carol);
		String group = (String) this.api.group(admin, "Team", bob, carol).get("id");
		for (WsClient member : List.of(bobSocket, carolSocket)) {
			Map<String, Object> created = member.await("conversation.updated");
			assertThat(map(created.get("conversation"))).containsEntry("id", group).containsEntry("name", "Team");
		}
		this.api.send(admin, group, "one");
		this.api.send(admin, group, "two");
		this.api.put(carol, API + "/conversations/" + group + "/read", json("seq", 1)).expectStatus().isOk();
		this.api.put(bob, API + "/conversations/" + group + "/mute", json("until", "2099-01-01T00:00:00Z"))
			.expectStatus().isOk();

		this.api.patch(admin, API + "/conversations/" + group, json("name", "Renamed")).expectStatus().isOk();
		Map<String, Object> bobs = map(bobSocket
			.await("conversation.updated", (f) -> "Renamed".equals(map(f.get("conversation")).get("name")))
			.get("conversation"));
		Map<String, Object> carols = map(carolSocket
			.await("conversation.updated", (f) -> "Renamed".equals(map(f.get("conversation")).get("name")))
			.get("conversation"));
		assertThat(bobs).containsEntry("unread_count", 2).containsEntry("muted_until", "2099-01-01T00:00:00.000Z");
		assertThat(carols).containsEntry("unread_count", 1).containsEntry("muted_until", null);
	}

	@Test
	void sendIsAckedWithTheStoredMessageAndDeliveredToEveryOtherConnection() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		WsClient alicePhone = connect(alice);
		WsClient aliceLaptop = connect(alice);
		WsClient bobPhone = connect(bob);
		WsClient bobLaptop = connect(bob);
		alicePhone.send(json("type", "message.send", "ref", "r1", "conversation_id", conversation, "content", "hi bob",
				"client_message_id", UUID.randomUUID().toString()));
		Map<String, Object> ack = alicePhone.ack("r1");
		Map<String, Object> stored = message(ack);
		assertThat(stored).containsEntry("conversation_id", conversation)
			.containsEntry("sender_id", alice)
			.containsEntry("content", "hi bob")
			.containsEntry("type", "text");
		assertThat(this.api.messages(bob, conversation)).singleElement().isEqualTo(stored);
		for (WsClient other : List.of(aliceLaptop, bobPhone, bobLaptop)) {
			assertThat(message(other.await("message.new"))).isEqualTo(stored);
		}
		alicePhone.assertNone("message.new", QUIET);
	}

	@Test
	void sendOverRestReachesEveryConnectionOfEveryParticipant() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		WsClient aliceSocket = connect(alice);
		WsClient bobSocket = connect(bob);
		WsClient stranger = connect(Tokens.newUser());
		Map<String, Object> sent = this.api.send(alice, conversation, "over rest");
		assertThat(message(bobSocket.await("message.new"))).isEqualTo(sent);
		assertThat(message(aliceSocket.await("message.new"))).isEqualTo(sent);
		stranger.assertNone("message.new", QUIET);
	}

	@Test
	void sendByRecipientIdOverTheSocketOpensTheDirectConversation() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		WsClient aliceSocket = connect(alice);
		WsClient bobSocket = connect(bob);
		aliceSocket.send(json("type", "message.send", "ref", 5, "recipient_id", bob, "content", "first contact"));
		Map<String, Object> stored = message(aliceSocket.await("ack", (f) -> number(f.get("ref")) == 5));
		assertThat(message(bobSocket.await("message.new"))).isEqualTo(stored);
		assertThat(stored.get("conversation_id")).isEqualTo(this.api.direct(alice, bob));
	}

	@Test
	void editsAndDeletesOverRestBecomeUpdatedAndDeletedFrames() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		WsClient bobSocket = connect(bob);
		String id = (String) this.api.send(alice, conversation, "draft").get("id");
		bobSocket.await("message.new");
		this.api.patch(alice, API + "/" + id, Map.of("content", "final")).expectStatus().isOk();
		Map<String, Object> updated = message(bobSocket.await("message.updated"));
		assertThat(updated).containsEntry("id", id).containsEntry("content", "final");
		assertThat(updated.get("edited_at")).isNotNull();
		this.api.delete(alice, API + "/" + id).expectStatus().isOk();
		Map<String, Object> deleted = message(bobSocket.await("message.deleted"));
		assertThat(deleted).containsEntry("id", id)
			.containsEntry("deleted", true)
			.containsEntry("content", null)
			.containsEntry("attachments", List.of())
			.containsEntry("reactions", List.of());
	}

	@Test
	void readIsAckedAndAnnouncedToTheOthersOnly() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		this.api.send(alice, conversation, "one");
		this.api.send(alice, conversation, "two");
		WsClient aliceSocket = connect(alice);
		WsClient bobSocket = connect(bob);
		bobSocket.send(json("type", "read", "ref", "read-1", "conversation_id", conversation, "seq", 2));
		Map<String, Object> ack = bobSocket.ack("read-1");
		assertThat(ack.get("result")).isEqualTo(
				Map.of("conversation_id", conversation, "user_id", bob, "last_read_seq", 2, "unread_count", 0));
		Map<String, Object> read = aliceSocket.await("message.read");
		assertThat(read).containsEntry("conversation_id", conversation)
			.containsEntry("user_id", bob)
			.containsEntry("last_read_seq", 2);
		bobSocket.assertNone("message.read", QUIET);
	}

	@Test
	void readOfAConversationTheUserIsNotInIsNotFoundAndRelayedToNoOne() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		this.api.send(alice, conversation, "private");
		WsClient aliceSocket = connect(alice);
		WsClient intruder = connect(Tokens.newUser());
		intruder.send(json("type", "read", "ref", "x", "conversation_id", conversation, "seq", 1));
		assertThat(intruder.await("error")).containsEntry("ref", "x").containsEntry("code", "not_found");
		intruder.send(json("type", "read", "ref", "y", "conversation_id", "not-an-id", "seq", 1));
		assertThat(intruder.await("error")).containsEntry("ref", "y").containsEntry("code", "not_found");
		aliceSocket.assertNone("message.read", QUIET);
	}

	@Test
	void resendingAnUnacknowledgedSendWithTheSameClientMessageIdStoresOneMessage() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		WsClient socket = connect(alice);
		String clientMessageId = UUID.randomUUID().toString();
		Map<String, Object> send = json("type", "message.send", "ref", "first", "conversation_id", conversation,
				"content", "once", "client_message_id", clientMessageId);
		socket.send(send);
		send.put("ref", "again");
		socket.send(send);
		String first = messageId(socket.ack("first"));
		String again = messageId(socket.ack("again"));
		assertThat(again).isEqualTo(first);
		assertThat(this.api.messageIds(bob, conversation)).containsExactly(first);
		WsClient reconnected = connect(alice);
		send.put("ref", "after-reconnect");
		reconnected.send(send);
		assertThat(messageId(reconnected.ack("after-reconnect"))).isEqualTo(first);
		assertThat(this.api.messageIds(bob, conversation)).containsExactly(first);
	}

	@Test
	void invalidSendIsAnsweredWithValidationErrorAndNothingStored() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		WsClient socket = connect(alice);
		socket.send(json("type", "message.send", "ref", "empty", "conversation_id", conversation, "content", "  "));
		assertThat(socket.await("error")).containsEntry("ref", "empty").containsEntry("code", "validation_failed");
		socket.send(json("type", "message.send", "ref", "wrong-type", "conversation_id", conversation, "content", 42));
		assertThat(socket.await("error")).containsEntry("ref", "wrong-type").containsEntry("code", "validation_failed");
		assertThat(this.api.messages(alice, conversation)).isEmpty();
	}

	@Test
	void pingIsAnsweredWithPongEchoingTheRef() {
		WsClient socket = connect(Tokens.newUser());
		socket.send(json("type", "ping", "ref", "p-1"));
		assertThat(socket.await("pong")).isEqualTo(Map.of("type", "pong", "ref", "p-1"));
		socket.send(json("type", "ping", "ref", 7));
		assertThat(socket.await("pong")).isEqualTo(Map.of("type", "pong", "ref", 7));
	}

}
