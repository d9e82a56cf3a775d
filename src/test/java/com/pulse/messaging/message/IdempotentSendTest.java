package com.pulse.messaging.message;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.ApiClient.Answer;
import com.pulse.messaging.support.DirectPairTestBase;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpMethod;

import static com.pulse.messaging.support.ApiClient.API;
import static com.pulse.messaging.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Retries with the same {@code client_message_id} store one message; concurrent sends get distinct seqs. */
class IdempotentSendTest extends DirectPairTestBase {

	@Test
	void repeatedSendReturnsTheStoredMessageWith200() {
		String clientId = UUID.randomUUID().toString();
		Map<String, Object> request = json("conversation_id", this.conversation, "content", "once", "client_message_id", clientId);
		Map<String, Object> first = ApiClient.body(this.api.post(this.alice, API, request), 201);
		Map<String, Object> again = ApiClient.body(this.api.post(this.alice, API, request), 200);
		assertThat(again).isEqualTo(first);
		request.put("content", "changed on retry");
		assertThat(ApiClient.body(this.api.post(this.alice, API, request), 200).get("id")).isEqualTo(first.get("id"));
		assertThat(this.api.messageIds(this.bob, this.conversation)).containsExactly((String) first.get("id"));
	}

	@Test
	void sameClientIdFromAnotherSenderIsAnotherMessage() {
		String clientId = UUID.randomUUID().toString();
		ApiClient.body(this.api.post(this.alice, API, json("conversation_id", this.conversation, "content", "a", "client_message_id", clientId)), 201);
		ApiClient.body(this.api.post(this.bob, API, json("conversation_id", this.conversation, "content", "b", "client_message_id", clientId)), 201);
		assertThat(this.api.messageIds(this.bob, this.conversation)).hasSize(2);
	}

	@Test
	void repeatedSendByRecipientReturnsTheStoredMessage() {
		String carol = Tokens.newUser();
		Map<String, Object> request = json("recipient_id", carol, "content", "hi", "client_message_id", "retry-1");
		Map<String, Object> first = ApiClient.body(this.api.post(this.alice, API, request), 201);
		assertThat(ApiClient.body(this.api.post(this.alice, API, request), 200).get("id")).isEqualTo(first.get("id"));
		assertThat(this.api.messageIds(carol, (String) first.get("conversation_id"))).hasSize(1);
	}

	@Test
	void concurrentIdenticalSendsStoreOneMessage() {
		Map<String, Object> request = json("conversation_id", this.conversation, "content", "race", "client_message_id",
				UUID.randomUUID().toString());
		List<Answer> answers = Flux.range(0, 10)
			.flatMap((i) -> this.api.async(HttpMethod.POST, this.alice, API, request))
			.collectList()
			.block(ApiClient.BATCH_TIMEOUT);
		assertThat(answers).extracting(Answer::status).containsOnly(200, 201);
		assertThat(answers).filteredOn((a) -> a.status() == 201).hasSize(1);
		assertThat(answers).extracting((a) -> a.body().get("id")).containsOnly(answers.get(0).body().get("id"));
		assertThat(this.api.messageIds(this.bob, this.conversation)).containsExactly((String) answers.get(0).body().get("id"));
	}

	@Test
	void concurrentSendsGetDistinctIncreasingSeq() {
		List<Answer> answers = Flux.range(0, 20)
			.flatMap((i) -> this.api.async(HttpMethod.POST, i % 2 == 0 ? this.alice : this.bob, API,
					json("conversation_id", this.conversation, "content", "m" + i)))
			.collectList()
			.block(ApiClient.BATCH_TIMEOUT);
		assertThat(answers).extracting(Answer::status).containsOnly(201);
		List<Long> seqs = answers.stream().map((a) -> ApiClient.number(a.body().get("seq"))).sorted().toList();
		assertThat(seqs).doesNotHaveDuplicates().hasSize(20);
		List<Map<String, Object>> history = this.api.messages(this.bob, this.conversation);
		assertThat(history).hasSize(20);
		assertThat(history).extracting((m) -> ApiClient.number(m.get("seq"))).isSorted().containsExactlyElementsOf(seqs);
	}

}
