package com.pulse.messaging.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.substring;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.WsFrameCheck;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

/**
 * Direct chat over WebSocket: each virtual user is a pair (a sender socket, a receiver socket) in one
 * direct conversation. The sender sends a window of {@code message.send} frames, then the receiver waits
 * for all of them as {@code message.new}: the "deliver window" request time is send→deliver of the window,
 * and deliveries/s = window × that request's rate.
 *
 * <pre>./mvnw -Pgatling gatling:test -Dpairs=100 -Dwindow=8 -Dduration=30 -Dbase=http://127.0.0.1:8084</pre>
 */
public class DirectChatSimulation extends Simulation {

	static final String BASE = System.getProperty("base", "http://127.0.0.1:8084");

	static final int PAIRS = Integer.getInteger("pairs", 20);

	static final int WINDOW = Integer.getInteger("window", 8);

	static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("duration", 30));

	static final String SECRET = System.getProperty("secret",
			System.getenv().getOrDefault("JWT_SECRET", "change-me-change-me-change-me-change-me-0123456789"));

	static final String RUN = Long.toString(System.currentTimeMillis(), 36);

	static final AtomicInteger PAIR = new AtomicInteger();

	static String token(String userId) {
		long now = System.currentTimeMillis();
		return Jwts.builder()
			.subject(userId)
			.issuedAt(new Date(now))
			.expiration(new Date(now + 3_600_000))
			.signWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)), Jwts.SIG.HS256)
			.compact();
	}

	static WsFrameCheck[] deliveries() {
		WsFrameCheck[] checks = new WsFrameCheck[WINDOW];
		for (int i = 0; i < WINDOW; i++) {
			checks[i] = ws.checkTextMessage("delivered " + i)
				.matching(substring("\"message.new\""))
				.check(substring("#{batch}"));
		}
		return checks;
	}

	static final ChainBuilder SEND_WINDOW = exec((session) -> session.set("batch", UUID.randomUUID().toString()))
		.repeat(WINDOW, "i")
		.on(exec(ws("send").wsName("tx")
			.sendText("{\"type\":\"message.send\",\"ref\":\"#{i}\",\"conversation_id\":\"#{cid}\","
					+ "\"content\":\"gatling #{batch} #{i}\",\"client_message_id\":\"#{batch}-#{i}\"}")))
		.exec(ws("deliver window").wsName("rx")
			.sendText("{\"type\":\"ping\"}")
			.await(Duration.ofSeconds(10))
			.on(deliveries()));

	final ScenarioBuilder directChat = scenario("direct chat").exec((session) -> {
		int pair = PAIR.incrementAndGet();
		String a = "gat-" + RUN + "-" + pair + "-a";
		String b = "gat-" + RUN + "-" + pair + "-b";
		return session.set("a", a).set("b", b).set("tokenA", token(a)).set("tokenB", token(b));
	})
		.exec(http("open direct").post("/api/messages/conversations/direct")
			.header("Authorization", "Bearer #{tokenA}")
			.body(StringBody("{\"user_id\":\"#{b}\"}"))
			.asJson()
			.check(jsonPath("$.id").saveAs("cid")))
		.exec(ws("connect sender").wsName("tx")
			.connect("/ws?token=#{tokenA}")
			.await(Duration.ofSeconds(10))
			.on(ws.checkTextMessage("connected").check(substring("\"connected\""))))
		.exec(ws("connect receiver").wsName("rx")
			.connect("/ws?token=#{tokenB}")
			.await(Duration.ofSeconds(10))
			.on(ws.checkTextMessage("connected").check(substring("\"connected\""))))
		.during(DURATION)
		.on(SEND_WINDOW)
		.exec(ws("close sender").wsName("tx").close())
		.exec(ws("close receiver").wsName("rx").close());

	final HttpProtocolBuilder protocol = http.baseUrl(BASE).wsBaseUrl(BASE.replaceFirst("^http", "ws"));

	{
		setUp(this.directChat.injectOpen(atOnceUsers(PAIRS))).protocols(this.protocol)
			.maxDuration(DURATION.plusSeconds(60));
	}

}
