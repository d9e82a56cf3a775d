package com.pulse.messaging.conversation;

import java.util.Map;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.DirectPairTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.Test;

import static com.pulse.messaging.support.ApiClient.API;
import static com.pulse.messaging.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Read watermarks ({@code PUT …/{id}/read}, {@code PUT …/conversations/{id}/read}) and badge counts. */
class ReadReceiptTest extends DirectPairTestBase {

	@Test
	void readingAMessageMovesTheWatermarkToIt() {
		String first = (String) this.api.send(this.alice, this.conversation, "1").get("id");
		this.api.send(this.alice, this.conversation, "2");
		this.api.send(this.alice, this.conversation, "3");
		Map<String, Object> receipt = ApiClient.body(this.api.put(this.bob, API + "/" + first + "/read", null), 200);
		assertThat(receipt).containsEntry("conversation_id", this.conversation)
			.containsEntry("user_id", this.bob)
			.containsEntry("last_read_seq", 1)
			.containsEntry("unread_count", 2);
		assertThat(this.api.conversation(this.bob, this.conversation).get("unread_count")).isEqualTo(2);
		assertThat(ApiClient.participant(this.api.conversation(this.alice, this.conversation), this.bob).get("last_read_seq"))
			.isEqualTo(1);
	}

	@Test
	void watermarkNeverMovesBackwards() {
		for (int i = 0; i < 4; i++) {
			this.api.send(this.alice, this.conversation, "m" + i);
		}
		read(3, 3, 1);
		Map<String, Object> back = read(1, 3, 1);
		assertThat(back.get("last_read_seq")).isEqualTo(3);
		String first = this.api.messageIds(this.bob, this.conversation).get(0);
		Map<String, Object> byMessage = ApiClient.body(this.api.put(this.bob, API + "/" + first + "/read", null), 200);
		assertThat(byMessage.get("last_read_seq")).isEqualTo(3);
	}

	@Test
	void seqPastTheEndIsTakenAsLastSeq() {
		this.api.send(this.alice, this.conversation, "a");
		this.api.send(this.alice, this.conversation, "b");
		read(1000, 2, 0);
		assertThat(ApiClient.participant(this.api.conversation(this.alice, this.conversation), this.bob).get("last_read_seq"))
			.isEqualTo(2);
	}

	@Test
	void rejectsAMissingOrNegativeSeq() {
		Problems.validation(this.api.put(this.bob, API + "/conversations/" + this.conversation + "/read", json()), "seq");
		Problems.validation(this.api.put(this.bob, API + "/conversations/" + this.conversation + "/read", json("seq", -1)), "seq");
		Problems.badRequest(this.api.put(this.bob, API + "/conversations/" + this.conversation + "/read", json("seq", "3")));
	}

	@Test
	void unreadCountsLeaveOutOwnAndDeletedMessages() {
		this.api.send(this.bob, this.conversation, "mine");
		this.api.send(this.alice, this.conversation, "1");
		String deleted = (String) this.api.send(this.alice, this.conversation, "2").get("id");
		this.api.send(this.alice, this.conversation, "3");
		ApiClient.body(this.api.delete(this.alice, API + "/" + deleted), 200);
		assertThat(this.api.conversation(this.bob, this.conversation).get("unread_count")).isEqualTo(2);
		Map<String, Object> unread = this.api.unread(this.bob);
		assertThat(unread.get("total")).isEqualTo(2);
		assertThat(ApiClient.map(unread.get("conversations"))).containsEntry(this.conversation, 2);
		assertThat(this.api.unread(this.alice).get("total")).isEqualTo(0);
	}

	@Test
	void unreadTotalLeavesOutMutedConversationsButListsThem() {
		String carol = Tokens.newUser();
		String other = this.api.direct(carol, this.bob);
		this.api.send(this.alice, this.conversation, "1");
		this.api.send(carol, other, "x");
		this.api.send(carol, other, "y");
		ApiClient.body(this.api.put(this.bob, API + "/conversations/" + other + "/mute", json("until", "2099-01-01T00:00:00.000Z")), 200);
		Map<String, Object> unread = this.api.unread(this.bob);
		assertThat(unread.get("total")).isEqualTo(1);
		assertThat(ApiClient.map(unread.get("conversations"))).containsEntry(this.conversation, 1).containsEntry(other, 2);
		ApiClient.body(this.api.put(this.bob, API + "/conversations/" + other + "/mute", json("until", "2000-01-01T00:00:00.000Z")), 200);
		assertThat(this.api.unread(this.bob).get("total")).as("a mute in the past has ended").isEqualTo(3);
	}

	@Test
	void sendingMovesTheSendersOwnWatermark() {
		this.api.send(this.alice, this.conversation, "1");
		this.api.send(this.bob, this.conversation, "2");
		Map<String, Object> view = this.api.conversation(this.bob, this.conversation);
		assertThat(ApiClient.participant(view, this.bob).get("last_read_seq")).isEqualTo(2);
		assertThat(view.get("unread_count")).isEqualTo(0);
	}

	private Map<String, Object> read(long seq, long expectedWatermark, long expectedUnread) {
		Map<String, Object> receipt = ApiClient.body(this.api.put(this.bob, API + "/conversations/" + this.conversation + "/read",
				json("seq", seq)), 200);
		assertThat(receipt.get("last_read_seq")).isEqualTo((int) expectedWatermark);
		assertThat(receipt.get("unread_count")).isEqualTo((int) expectedUnread);
		return receipt;
	}

}
