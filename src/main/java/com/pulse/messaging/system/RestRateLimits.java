package com.pulse.messaging.system;

import java.security.Principal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Per-user REST rate limits across instances: sends ({@code POST /api/messages}) and every other
 * {@code /api/**} call have separate token buckets in Redis. Past a limit: 429 {@code rate_limited} with
 * {@code Retry-After}, and the call goes no further, so nothing is stored. Every limited answer carries
 * {@code RateLimit-Limit} (the burst), {@code RateLimit-Remaining} and {@code RateLimit-Reset} (whole
 * seconds). When Redis does not answer in time the call is let through (and counted): an outage of the
 * limiter must not refuse every call.
 */
@Component
@Order(-50) // after the security chain (-100): the caller is known
class RestRateLimits implements WebFilter {

	private static final Logger log = LoggerFactory.getLogger(RestRateLimits.class);

	private static final PathPattern API = PathPatternParser.defaultInstance.parse("/api/**");

	private static final PathPattern SEND = PathPatternParser.defaultInstance.parse("/api/messages");

	private final RedisBuckets buckets;

	private final RateLimitProperties properties;

	private final ProblemDetails problems;

	private final MessagingMetrics metrics;

	private final Budget sends;

	private final Budget calls;

	RestRateLimits(RedisBuckets buckets, RateLimitProperties properties, ProblemDetails problems,
			MessagingMetrics metrics) {
		this.buckets = buckets;
		this.properties = properties;
		this.problems = problems;
		this.metrics = metrics;
		this.sends = new Budget("send", properties.sendRate(), properties.sendBurst());
		this.calls = new Budget("api", properties.apiRate(), properties.apiBurst());
	}

	/** One budget: its name (a key part and a metric tag) and its bucket. */
	private record Budget(String name, int rate, int burst, BucketConfiguration configuration) {

		Budget(String name, int rate, int burst) {
			this(name, rate, burst, BucketConfiguration.builder()
				.addLimit(Bandwidth.builder().capacity(burst).refillGreedy(rate, Duration.ofSeconds(1)).build())
				.build());
		}

	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
		HttpMethod method = exchange.getRequest().getMethod();
		if (!this.properties.enabled() || HttpMethod.OPTIONS.equals(method) || !API.matches(path)) {
			return chain.filter(exchange);
		}
		Budget budget = (HttpMethod.POST.equals(method) && SEND.matches(path)) ? this.sends : this.calls;
		// no caller (the security chain refuses those): nothing to count. The decision is made first and the
		// chain runs once, after it (a Mono<Void> chain is empty, so it must not sit before a switchIfEmpty)
		return exchange.getPrincipal()
			.map(Principal::getName)
			.flatMap((user) -> consume(budget, user))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((probe) -> {
				if (probe.isEmpty() || probe.get() == ALLOWED || probe.get().isConsumed()) {
					probe.ifPresent((p) -> allowed(exchange, budget, p));
					return chain.filter(exchange);
				}
				return refuse(exchange, budget, probe.get());
			});
	}

	/** Stands for "let through uncounted" when the limiter failed. */
	private static final ConsumptionProbe ALLOWED = ConsumptionProbe.consumed(Long.MAX_VALUE, 0);

	private Mono<ConsumptionProbe> consume(Budget budget, String user) {
		return this.buckets.tryConsume("ratelimit:" + budget.name() + ":" + user, budget.configuration())
			.timeout(this.properties.redisTimeout())
			.onErrorResume((ex) -> {
				log.warn("Rate limit not checked, call let through: {}", ex.toString());
				this.metrics.rateLimitDecision(budget.name(), "failed_open");
				return Mono.just(ALLOWED);
			});
	}

	private void allowed(ServerWebExchange exchange, Budget budget, ConsumptionProbe probe) {
		if (probe != ALLOWED) {
			this.metrics.rateLimitDecision(budget.name(), "allowed");
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set("RateLimit-Limit", Integer.toString(budget.burst()));
			headers.set("RateLimit-Remaining", Long.toString(probe.getRemainingTokens()));
			headers.set("RateLimit-Reset", Long.toString(seconds(probe.getNanosToWaitForReset())));
		}
	}

	private Mono<Void> refuse(ServerWebExchange exchange, Budget budget, ConsumptionProbe probe) {
		this.metrics.rateLimitDecision(budget.name(), "limited");
		long wait = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
		HttpHeaders headers = exchange.getResponse().getHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Long.toString(wait));
		headers.set("RateLimit-Limit", Integer.toString(budget.burst()));
		headers.set("RateLimit-Remaining", "0");
		headers.set("RateLimit-Reset", Long.toString(wait));
		String what = (budget == this.sends) ? "sends" : "calls";
		return this.problems.write(exchange, new ApiException(ErrorCode.RATE_LIMITED,
				"Too many " + what + "; retry in " + wait + " s"));
	}

	/** Nanoseconds as whole seconds, rounded up. */
	private static long seconds(long nanos) {
		return (nanos <= 0) ? 0 : (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
	}

}
