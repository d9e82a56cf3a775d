package com.pulse.messaging.realtime;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.junit.jupiter.api.Test;

import static com.pulse.messaging.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The real-time figures in {@code /actuator/prometheus}. */
class RealtimeMetricsTest extends RealtimeTestBase {

	private static final Pattern ACTIVE = Pattern.compile("(?m)^websocket_connections_active(\\{[^}]*})? (\\S+)$");

	private static final Pattern WS_MESSAGES = Pattern
		.compile("(?m)^messages_processed_total\\{[^}]*channel=\"ws\"[^}]*} (\\S+)$");

	@Test
	void prometheusShowsOpenConnectionsAndMessagesProcessedOverTheSocket() {
		String alice = Tokens.newUser();
		String conversation = this.api.direct(alice, Tokens.newUser());
		WsClient socket = connect(alice);
		connect(alice);
		double before = value(WS_MESSAGES, scrape(), 1);
		socket.send(json("type", "message.send", "ref", "m", "conversation_id", conversation, "content", "counted"));
		socket.ack("m");
		String metrics = scrape();
		assertThat(value(ACTIVE, metrics, 2)).isGreaterThanOrEqualTo(2);
		assertThat(value(WS_MESSAGES, metrics, 1)).isGreaterThanOrEqualTo(before + 1);
	}

	private String scrape() {
		return this.webTestClient.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private static double value(Pattern pattern, String metrics, int group) {
		Matcher matcher = pattern.matcher(metrics);
		assertThat(matcher.find()).as("%s in %n%s", pattern, metrics).isTrue();
		return Double.parseDouble(matcher.group(group));
	}

}
