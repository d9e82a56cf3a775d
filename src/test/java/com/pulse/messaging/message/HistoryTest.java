package com.pulse.messaging.message;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.pulse.messaging.support.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET …/conversations/{id}/messages}: pages by seq, always ascending, with exact {@code has_more}. */
class HistoryTest extends IntegrationTestBase {

	private ApiClient api;

	private String alice;

	private String conversation;

	@BeforeEach
	void tenMessages() {
		this.api = new ApiClient(this.webTestClient, this.port);
		this.alice = Tokens.newUser();
		this.conversation = this.api.direct(this.alice, Tokens.newUser());
		for (int i = 1; i <= 10; i++) {
			this.api.send(this.alice, this.conversation, "m" + i);
		}
	}

	@Test
	void withoutCursorReturnsTheNewestPageAscending() {
		assertPage("limit=4", 7, 10, true);
		assertPage("limit=10", 1, 10, false);
		assertPage("limit=11", 1, 10, false);
		assertPage("", 1, 10, false);
	}

	@Test
	void beforeSeqReturnsTheNewestPageBeforeIt() {
		assertPage("limit=3&before_seq=8", 5, 7, true);
		assertPage("limit=3&before_seq=4", 1, 3, false);
		assertPage("limit=3&before_seq=3", 1, 2, false);
		assertPage("limit=3&before_seq=1", 0, 0, false);
	}

	@Test
	void afterSeqReturnsTheOldestPageAfterIt() {
		assertPage("limit=3&after_seq=0", 1, 3, true);
		assertPage("limit=3&after_seq=7", 8, 10, false);
		assertPage("limit=3&after_seq=6", 7, 9, true);
		assertPage("limit=3&after_seq=10", 0, 0, false);
		assertPage("limit=3&after_seq=100", 0, 0, false);
	}

	@Test
	void bothBoundsReadTheRangeFromItsOldestEnd() {
		assertPage("limit=3&after_seq=2&before_seq=9", 3, 5, true);
		assertPage("limit=6&after_seq=2&before_seq=9", 3, 8, false);
		assertPage("limit=3&after_seq=5&before_seq=6", 0, 0, false);
	}

	@Test
	void pagingBackwardsVisitsEveryMessageOnce() {
		List<Long> seen = new java.util.ArrayList<>();
		Map<String, Object> page = this.api.history(this.alice, this.conversation, "limit=3");
		while (true) {
			List<Long> seqs = seqs(page);
			seen.addAll(0, seqs);
			if (!(Boolean) page.get("has_more")) {
				break;
			}
			page = this.api.history(this.alice, this.conversation, "limit=3&before_seq=" + seqs.get(0));
		}
		assertThat(seen).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
	}

	@Test
	void rejectsALimitOrBoundOutOfRange() {
		String path = API + "/conversations/" + this.conversation + "/messages?";
		for (String query : List.of("limit=0", "limit=101", "limit=abc", "limit=-5", "after_seq=-1", "before_seq=x")) {
			Problems.validation(this.api.get(this.alice, path + query));
		}
	}

	private void assertPage(String query, long first, long last, boolean hasMore) {
		Map<String, Object> page = this.api.history(this.alice, this.conversation, query);
		List<Long> expected = first == 0 ? List.of() : LongStream.rangeClosed(first, last).boxed().toList();
		assertThat(seqs(page)).as(query).containsExactlyElementsOf(expected);
		assertThat(page.get("has_more")).as("has_more of " + query).isEqualTo(hasMore);
	}

	private static List<Long> seqs(Map<String, Object> page) {
		return ApiClient.list(page, "messages").stream().map((m) -> ApiClient.number(m.get("seq"))).toList();
	}

}
