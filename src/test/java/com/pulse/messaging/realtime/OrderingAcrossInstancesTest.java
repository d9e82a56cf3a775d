package com.pulse.messaging.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongFunction;

import com.pulse.messaging.message.MessageService;
import com.pulse.messaging.message.MessageView;
import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.BackingServices;
import com.pulse.messaging.support.TcpProxy;
import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;

import static com.pulse.messaging.support.ApiClient.json;
import static com.pulse.messaging.support.Instances.api;
import static com.pulse.messaging.support.Instances.port;
import static com.pulse.messaging.support.Instances.start;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md, "Ordering that sync can trust": two instances on one MongoDB, the second one's database traffic slowed
 * by a proxy, eight senders (four users with a socket on each instance, a quarter of the sends over REST) into
 * one group, while two readers catch up again and again from the highest seq they have seen: one with
 * {@code after_seq}, one with the replay that {@code sync} sends. Neither may miss a message: what each saw
 * equals the final history. Without the visible end, a fast instance's seq N+1 was readable before a slow
 * one's N, and both readers skipped N for good.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderingAcrossInstancesTest {

	private static final int SENDERS = 4;

	private static final int WS_SENDS = 15;

	private static final int REST_SENDS = 5;

	private TcpProxy slowMongo;

	private ConfigurableApplicationContext fast;

	private ConfigurableApplicationContext slow;

	private final ExecutorService pool = Executors.newFixedThreadPool(2 + 2 * SENDERS, (task) -> {
		Thread thread = new Thread(task, "ordering-test");
		thread.setDaemon(true);
		return thread;
	});

	@BeforeAll
	void startTwoInstances() {
		this.slowMongo = TcpProxy.to(BackingServices.mongo());
		this.fast = start();
		// the shared database, slowed
		this.slow = start(Map.of(BackingServices.MONGODB_URI_PROPERTY,
				"mongodb://" + this.slowMongo.address() + "/" + BackingServices.DATABASE));
	}

	@AfterAll
	void stopInstances() {
		this.pool.shutdownNow();
		this.slowMongo.delay(Duration.ZERO);
		this.fast.close();
		this.slow.close();
		this.slowMongo.close();
	}

	@Test
	void readersCatchingUpFromTheHighestSeqTheySawMissNothing() throws Exception {
		String reader = Tokens.newUser();
		List<String> senders = new ArrayList<>();
		for (int i = 0; i < SENDERS; i++) {
			senders.add(Tokens.newUser());
		}
		List<String> members = new ArrayList<>(senders);
		members.add(reader);
		String group = api(this.fast).groupId(senders.get(0), members.subList(1, members.size()).toArray(String[]::new));
		this.slowMongo.delay(Duration.ofMillis(15));

		AtomicBoolean sending = new AtomicBoolean(true);
		ApiClient readerApi = api(this.fast);
		MessageService onSlow = this.slow.getBean(MessageService.class);
		CompletableFuture<Set<Long>> byAfterSeq = CompletableFuture.supplyAsync(() -> catchUp(sending,
				(after) -> seqs(ApiClient.list(readerApi.history(reader, group, "limit=100&after_seq=" + after), "messages"))),
				this.pool);
		CompletableFuture<Set<Long>> bySync = CompletableFuture.supplyAsync(() -> catchUp(sending,
				(after) -> onSlow.missed(reader, group, after, 1000)
					.map((page) -> page.messages().stream().map(MessageView::seq).toList())
					.block(Duration.ofSeconds(30))),
				this.pool);

		List<CompletableFuture<List<Long>>> sends = new ArrayList<>();
		for (String sender : senders) {
			for (ConfigurableApplicationContext instance : List.of(this.fast, this.slow)) {
				sends.add(CompletableFuture.supplyAsync(() -> sendOverSocket(instance, sender, group), this.pool));
			}
		}
		List<Long> acknowledged = new ArrayList<>();
		for (CompletableFuture<List<Long>> send : sends) {
			acknowledged.addAll(send.get(120, TimeUnit.SECONDS));
		}
		sending.set(false);

		Set<Long> history = allSeqs(readerApi, reader, group);
		// a send whose seq was burned while its write crawled is refused (503), never acknowledged and then lost
		assertThat(acknowledged).doesNotHaveDuplicates().hasSizeGreaterThan(SENDERS * (WS_SENDS + REST_SENDS));
		assertThat(history).containsAll(acknowledged).hasSameSizeAs(acknowledged);
		assertThat(byAfterSeq.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(history);
		assertThat(bySync.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(history);
	}

	/**
	 * A client's catch-up loop: asks for what follows the highest seq it has seen, again and again while the
	 * sends go on, then once more. Answers every seq it saw.
	 */
	private static Set<Long> catchUp(AtomicBoolean sending, LongFunction<List<Long>> after) {
		Set<Long> seen = new ConcurrentSkipListSet<>();
		long highest = 0;
		boolean last = false;
		while (true) {
			boolean finalRound = last;
			List<Long> page = after.apply(highest);
			seen.addAll(page);
			for (long seq : page) {
				highest = Math.max(highest, seq);
			}
			if (finalRound && page.isEmpty()) {
				return seen;
			}
			last = !sending.get();
		}
	}

	/** Sends over a socket on this instance (pipelined) and over REST to it; answers the acknowledged seqs. */
	private List<Long> sendOverSocket(ConfigurableApplicationContext instance, String sender, String group) {
		List<Long> seqs = new ArrayList<>();
		try (WsClient socket = WsClient.connect(port(instance), sender)) {
			for (int i = 0; i < WS_SENDS; i++) {
				socket.send(json("type", "message.send", "ref", "r" + i, "conversation_id", group, "content", "ws " + i));
				if (i < REST_SENDS) {
					ApiClient.Answer answer = api(instance)
						.async(HttpMethod.POST, sender, ApiClient.API, json("conversation_id", group, "content", "rest " + i))
						.block(Duration.ofSeconds(30));
					assertThat(answer.status()).as("%s", answer.body()).isIn(201, 503);
					if (answer.status() == 201) {
						seqs.add(ApiClient.number(answer.body().get("seq")));
					}
				}
			}
			for (int i = 0; i < WS_SENDS; i++) {
				Map<String, Object> answer = socket.answer("r" + i);
				if (answer.containsKey("message")) {
					seqs.add(ApiClient.number(ApiClient.map(answer.get("message")).get("seq")));
				}
				else {
					assertThat(answer).containsEntry("code", "unavailable");
				}
			}
		}
		return seqs;
	}

	private static Set<Long> allSeqs(ApiClient api, String user, String group) {
		TreeMap<Long, Boolean> all = new TreeMap<>();
		long after = 0;
		while (true) {
			Map<String, Object> page = api.history(user, group, "limit=100&after_seq=" + after);
			List<Long> seqs = seqs(ApiClient.list(page, "messages"));
			seqs.forEach((seq) -> all.put(seq, true));
			if (!Boolean.TRUE.equals(page.get("has_more")) || seqs.isEmpty()) {
				return all.keySet();
			}
			after = seqs.get(seqs.size() - 1);
		}
	}

	private static List<Long> seqs(List<Map<String, Object>> messages) {
		return messages.stream().map((m) -> ApiClient.number(m.get("seq"))).toList();
	}

}
