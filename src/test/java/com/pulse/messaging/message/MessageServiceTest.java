package com.pulse.messaging.message;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import com.pulse.messaging.conversation.Conversation;
import com.pulse.messaging.conversation.ConversationService;
import com.pulse.messaging.message.MessageService.HistoryPage;
import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ErrorCode;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
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
	void concurrentSendsShareOutEverySeqOnceMoveEachSendersWatermarkAndRefuseAStranger() {
		int sends = 60;
		String stranger = Tokens.newUser();
		List<String> senders = List.of(this.alice, this.bob, stranger);
		Map<String, List<Object>> outcomesBySender = Flux.range(0, sends)
			.flatMap((i) -> {
				String sender = senders.get(i % 3);
				return this.messages.send(sender, text("m" + i, null), null)
					.<Object>map((sent) -> sent.message().seq())
					.onErrorResume(ApiException.class, (error) -> Mono.just(error.code()))
					.map((outcome) -> Map.entry(sender, outcome));
			}, sends)
			.collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
			.map((multimap) -> multimap.entrySet()
				.stream()
				.collect(Collectors.toMap(Map.Entry::getKey, (e) -> List.copyOf(e.getValue()))))
			.block();

		assertThat(outcomesBySender.get(stranger)).hasSize(sends / 3).containsOnly(ErrorCode.NOT_FOUND);
		List<Long> all = Stream.of(this.alice, this.bob)
			.flatMap((sender) -> outcomesBySender.get(sender).stream())
			.map(Long.class::cast)
			.sorted()
			.toList();
		assertThat(all).containsExactlyElementsOf(LongStream.rangeClosed(1, sends * 2 / 3).boxed().toList());
		Conversation stored = this.conversations.requireMember(this.conversation, this.alice).block();
		assertThat(stored.lastSeq()).isEqualTo(sends * 2 / 3);
		for (String sender : List.of(this.alice, this.bob)) {
			long highest = outcomesBySender.get(sender).stream().mapToLong(Long.class::cast).max().orElseThrow();
			assertThat(stored.participant(sender).orElseThrow().lastReadSeq()).isEqualTo(highest);
		}
		this.messages.history(this.bob, this.conversation, 100, null, null)
			.as(StepVerifier::create)
			.assertNext((page) -> assertThat(page.messages()).extracting(MessageView::seq).containsExactlyElementsOf(all))
			.verifyComplete();
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
