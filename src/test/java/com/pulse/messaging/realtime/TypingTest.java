package com.pulse.messaging.realtime;

import java.time.Duration;
import java.util.Map;

import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.junit.jupiter.api.Test;

import static com.pulse.messaging.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code typing}: relayed to the other participants, throttled, refused outside one's conversations. */
class TypingTest extends RealtimeTestBase {

	private static final Duration QUIET = Duration.ofMillis(500);

	@Test
	void typingIsRelayedToTheOtherParticipantsOnly() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String carol = Tokens.newUser();
		String conversation = this.api.groupId(alice, bob, carol);
		WsClient aliceSocket = connect(alice);
		WsClient aliceOtherDevice = connect(alice);
		WsClient bobSocket = connect(bob);
		WsClient carolSocket = connect(carol);
		WsClient stranger = connect(Tokens.newUser());
		aliceSocket.send(json("type", "typing", "conversation_id", conversation, "state", "start"));
		Map<String, Object> expected = Map.of("type", "typing", "conversation_id", conversation, "user_id", alice,
				"state", "start");
		assertThat(bobSocket.await("typing")).isEqualTo(expected);
		assertThat(carolSocket.await("typing")).isEqualTo(expected);
		aliceSocket.send(json("type", "typing", "conversation_id", conversation, "state", "stop"));
		assertThat(bobSocket.await("typing")).containsEntry("state", "stop");
		aliceSocket.assertNone("typing", QUIET);
		aliceOtherDevice.assertNone("typing", Duration.ZERO);
		stranger.assertNone("typing", Duration.ZERO);
	}

	@Test
	void secondStartWithinTheThrottlePeriodIsNotRelayed() {
		Chat chat = chat();
		chat.aliceTypes("start");
		assertThat(chat.bobSocket().await("typing")).containsEntry("state", "start");
		chat.aliceTypes("start");
		chat.bobSocket().assertNone("typing", QUIET);
	}

	@Test
	void repeatedStartsWithinTheThrottlePeriodAreDroppedBeforeAnyMembershipCheck() {
		Chat chat = chat();
		WsClient intruder = connect(Tokens.newUser());
		intruder.send(json("type", "typing", "ref", "t1", "conversation_id", chat.conversation(), "state", "start"));
		assertThat(intruder.await("error")).containsEntry("ref", "t1").containsEntry("code", "not_found");
		for (int i = 0; i < 20; i++) {
			intruder.send(json("type", "typing", "ref", "t2", "conversation_id", chat.conversation(), "state", "start"));
		}
		// nothing looked the conversation up again: no second not_found
		intruder.send(json("type", "ping", "ref", "p"));
		intruder.await("pong");
		intruder.assertNone("error", QUIET);
		chat.bobSocket().assertNone("typing", Duration.ZERO);
	}

	@Test
	void typingInAConversationTheUserIsNotInIsNotFoundAndRelayedToNoOne() {
		Chat chat = chat();
		WsClient intruder = connect(Tokens.newUser());
		intruder.send(json("type", "typing", "ref", "t1", "conversation_id", chat.conversation(), "state", "start"));
		assertThat(intruder.await("error")).containsEntry("ref", "t1").containsEntry("code", "not_found");
		chat.aliceSocket().assertNone("typing", QUIET);
		chat.bobSocket().assertNone("typing", Duration.ZERO);
	}

	@Test
	void typingWithAnUnknownStateIsAValidationError() {
		String alice = Tokens.newUser();
		String conversation = this.api.direct(alice, Tokens.newUser());
		WsClient socket = connect(alice);
		socket.send(json("type", "typing", "ref", "t2", "conversation_id", conversation, "state", "dancing"));
		assertThat(socket.await("error")).containsEntry("ref", "t2").containsEntry("code", "validation_failed");
	}

	@Test
	void closingTheLastConnectionStopsTyping() {
		Chat chat = chat();
		chat.aliceTypes("start");
		assertThat(chat.bobSocket().await("typing")).containsEntry("state", "start");
		chat.aliceSocket().close();
		assertThat(chat.bobSocket().await("typing")).containsEntry("user_id", chat.alice()).containsEntry("state", "stop");
	}

}
