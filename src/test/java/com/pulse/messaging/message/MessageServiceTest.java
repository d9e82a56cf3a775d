package com.pulse.messaging.message;

import java.util.List;

import com.pulse.messaging.conversation.ConversationService;
import com.pulse.messaging.message.MessageService.HistoryPage;
import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ErrorCode;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link MessageService} directly, with StepVerifier: the use cases shared by REST and WebSocket. */
class MessageServiceTest extends IntegrationTestBase {

	@Autowired
	private MessageService messages;

	@Autowired
	private ConversationService conversations;

	private String alice;

	private String bob;

	private String conversation;

	@BeforeEach
	void conversation() {
		this.alice = Tokens.newUser();
		this.bob = Tokens.newUser();
		this.conversation = this.conversations.openDirect(this.alice, this.bob).block().conversation().id();
	}

	@Test
	void sendAnswersCreatedThenTheStoredMessageOnRepeat() {
		SendMessage send = text("once", "c-1");
		this.messages.send(this.alice, send, null)
			.as(StepVerifier::create)
			.assertNext((sent) -> assertThat(sent.created()).isTrue())
			.verifyComplete();
		this.messages.send(this.alice, send, null)
			.as(StepVerifier::create)
			.assertNext((sent) -> {
				assertThat(sent.created()).isFalse();
				assertThat(sent.message().seq()).isEqualTo(1);
			})
			.verifyComplete();
	}

	@Test
	void sendFailsWithNotFoundForANonParticipant() {
		this.messages.send(Tokens.newUser(), text("hi", null), null)
			.as(StepVerifier::create)
			.expectErrorSatisfies((error) -> assertThat(((ApiException) error).code()).isEqualTo(ErrorCode.NOT_FOUND))
			.verify();
	}

	@Test
	void missedReturnsEverythingAfterTheSeqInPages() {
		Flux.range(1, 7).concatMap((i) -> this.messages.send(this.alice, text("m" + i, null), null)).blockLast();
		this.messages.missed(this.bob, this.conversation, 2, 3)
			.as(StepVerifier::create)
			.assertNext((page) -> assertPage(page, List.of(3L, 4L, 5L), true))
			.verifyComplete();
		this.messages.missed(this.bob, this.conversation, 5, 3)
			.as(StepVerifier::create)
			.assertNext((page) -> assertPage(page, List.of(6L, 7L), false))
			.verifyComplete();
		this.messages.history(this.bob, this.conversation, 2, null, 4L)
			.as(StepVerifier::create)
			.assertNext((page) -> assertPage(page, List.of(2L, 3L), true))
			.verifyComplete();
	}

	private SendMessage text(String content, String clientId) {
		return new SendMessage(this.conversation, null, content, null, clientId, null, null, null);
	}

	private static void assertPage(HistoryPage page, List<Long> seqs, boolean hasMore) {
		assertThat(page.messages()).extracting(MessageView::seq).containsExactlyElementsOf(seqs);
		assertThat(page.hasMore()).isEqualTo(hasMore);
	}

}
