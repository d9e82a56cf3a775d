package com.pulse.messaging.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.pulse.messaging.events.EventMetrics;
import com.pulse.messaging.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard and the Prometheus alert rules under {@code deploy/} query only series the service
 * really exposes: every metric their PromQL names is in this service's {@code /actuator/prometheus}, or is a
 * meter the code registers on first use, or is one of the few listed below with the reason it is allowed.
 */
class DashboardAndAlertsTest extends IntegrationTestBase {

	private static final Path DASHBOARD = Path.of("deploy", "grafana", "messaging-service.json");

	private static final Path ALERTS = Path.of("deploy", "prometheus", "alerts.yml");

	private static final Path ALERT_TESTS = Path.of("deploy", "prometheus", "alerts.test.yml");

	/** Panels an operator needs (issue 12); the dashboard may have more. */
	private static final List<String> PANELS = List.of("WebSocket connections", "Messages/s", "Send latency p50 / p99",
			"Fan-out latency", "Outbox backlog", "Outbox age (estimated)", "Event publish failures", "JVM memory", "CPU",
			"GC pauses");

	private static final List<String> ALERT_NAMES = List.of("MessagingOutboxBacklogGrowing",
			"MessagingOutboxNotDraining", "MessagingEventPublishFailures", "MessagingInstanceNotReady",
			"MessagingNoInstanceReady", "MessagingSendLatencyAboveSlo");

	/**
	 * Registered on first use (a tag value per event type or reason), so absent from a fresh scrape; named from
	 * the constants the code registers them with.
	 */
	private static final Set<String> REGISTERED_ON_FIRST_USE = Set.of(counter(EventMetrics.PUBLISHED),
			counter(EventMetrics.USER_EVENTS_APPLIED), counter(EventMetrics.USER_EVENTS_REJECTED),
			counter(EventMetrics.PUBLISH_FAILURES), counter(EventMetrics.ABANDONED));

	/** Not the service's: Prometheus's own scrape status and kube-state-metrics' pod readiness. */
	private static final Set<String> FROM_PROMETHEUS_AND_KUBERNETES = Set.of("up", "kube_pod_status_ready");

	/**
	 * The send-latency timer ({@code messaging.send.latency}, histogram buckets through application.yml) that
	 * the dashboard and the SLO alert are written for and the send path does not register yet.
	 */
	private static final Set<String> NOT_YET_REGISTERED = Set.of("messaging_send_latency_seconds_bucket");

	private static final Pattern IDENTIFIER = Pattern.compile("\\b[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan");

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path temp;

	@Test
	void dashboardIsGrafanaJsonWithThePanelsOperatorsNeed() throws IOException {
		JsonNode dashboard = json.readTree(Files.readString(DASHBOARD));
		assertThat(dashboard.path("title").asString()).isNotBlank();
		assertThat(dashboard.path("uid").asString()).isNotBlank();
		assertThat(dashboard.path("schemaVersion").isInt()).isTrue();
		List<String> titles = new ArrayList<>();
		Set<Integer> ids = new HashSet<>();
		for (JsonNode panel : dashboard.path("panels")) {
			assertThat(ids.add(panel.path("id").asInt())).as("panel id %s is unique", panel.path("id")).isTrue();
			assertThat(panel.path("gridPos").path("w").asInt()).as("width of %s", panel.path("title")).isPositive();
			if (!"row".equals(panel.path("type").asString())) {
				titles.add(panel.path("title").asString());
				assertThat(panel.path("targets").isEmpty()).as("queries of %s", panel.path("title")).isFalse();
				panel.path("targets").forEach((t) -> assertThat(t.path("expr").asString()).isNotBlank());
			}
		}
		assertThat(titles).containsAll(PANELS);
	}

	@Test
	void alertRulesCoverBacklogFailuresReadinessAndTheSendSlo() throws IOException {
		List<Map<String, Object>> rules = alertRules();
		assertThat(rules).extracting((r) -> r.get("alert")).containsAll(ALERT_NAMES);
		for (Map<String, Object> rule : rules) {
			assertThat(rule.get("expr")).as("expr of %s", rule.get("alert")).isNotNull();
			assertThat(rule.get("for")).as("for of %s: no alert on one bad scrape", rule.get("alert")).isNotNull();
			assertThat(((Map<?, ?>) rule.get("labels")).get("severity")).as("severity of %s", rule.get("alert"))
				.isIn("warning", "critical");
			@SuppressWarnings("unchecked")
			Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
			assertThat(annotations).as("annotations of %s", rule.get("alert")).containsKeys("summary", "description");
		}
	}

	@Test
	void everyMetricQueriedIsOneTheServiceExposes() throws IOException {
		Map<String, String> queries = queries();
		Set<String> exposed = exposedSeries();
		Map<String, Set<String>> unknown = new LinkedHashMap<>();
		Set<String> used = new TreeSet<>();
		queries.forEach((where, expr) -> {
			for (String metric : metricNames(expr)) {
				used.add(metric);
				if (!exposed.contains(metric) && !REGISTERED_ON_FIRST_USE.contains(metric)
						&& !FROM_PROMETHEUS_AND_KUBERNETES.contains(metric) && !NOT_YET_REGISTERED.contains(metric)) {
					unknown.computeIfAbsent(metric, (k) -> new TreeSet<>()).add(where);
				}
			}
		});
		assertThat(unknown).as("metrics queried but not exposed by the service").isEmpty();
		// the parser found the metrics, so an empty "unknown" means something
		assertThat(used).contains("websocket_connections_active", "messages_processed_total",
				"messaging_outbox_backlog", "realtime_fanout_latency_seconds_bucket", "jvm_memory_used_bytes");
	}

	@Test
	void fanOutLatencyHasHistogramBuckets() {
		// application.yml turns them on; without them the dashboard's percentiles are empty
		assertThat(exposedSeries()).contains("realtime_fanout_latency_seconds_bucket");
	}

	@Test
	void everyQueryIsValidPromQl() throws Exception {
		Map<String, String> queries = queries();
		queries.values().forEach((expr) -> assertThat(balanced(expr)).as("brackets of %s", expr).isTrue());
		Optional<Path> promtool = Commands.onPath("promtool");
		if (promtool.isEmpty()) {
			return; // the bracket check above is what a machine without promtool gets; CI installs promtool
		}
		// the dashboard's queries as recording rules, Grafana's variables replaced, for promtool's parser
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
		int i = 0;
		for (Map.Entry<String, String> query : queries.entrySet()) {
			String expr = query.getValue()
				.replace("$__rate_interval", "5m")
				.replace("$job", "messaging-service")
				.replace("$instance", ".*");
			rules.append("      - record: dashboard_query_").append(i++).append("\n        expr: ")
				.append(json.writeValueAsString(expr))
				.append("\n");
		}
		Path file = this.temp.resolve("dashboard-rules.yml");
		Files.writeString(file, rules);
		// the alert rules' own unit tests (alerts.test.yml) run too: they fire on the series they should
		for (List<String> check : List.of(List.of("check", "rules", file.toString()),
				List.of("check", "rules", ALERTS.toString()), List.of("test", "rules", ALERT_TESTS.toString()))) {
			List<String> command = new ArrayList<>(List.of(promtool.get().toString()));
			command.addAll(check);
			Process process = new ProcessBuilder(command)
				.redirectErrorStream(true)
				.start();
			String output;
			try (InputStream out = process.getInputStream()) {
				output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
			}
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as("promtool %s:%n%s", check, output).isZero();
		}
	}

	// ---------------------------------------------------------------- the files

	/** Every PromQL expression, keyed by where it is (panel or alert). */
	private static Map<String, String> queries() throws IOException {
		Map<String, String> queries = new LinkedHashMap<>();
		JsonNode dashboard = json.readTree(Files.readString(DASHBOARD));
		for (JsonNode panel : dashboard.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				queries.put("panel '" + panel.path("title").asString() + "' " + target.path("refId").asString(),
						target.path("expr").asString());
			}
		}
		for (Map<String, Object> rule : alertRules()) {
			queries.put("alert " + rule.get("alert"), (String) rule.get("expr"));
		}
		return queries;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> alertRules() throws IOException {
		Map<String, Object> file;
		try (InputStream in = Files.newInputStream(ALERTS)) {
			file = new Yaml().load(in);
		}
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
			rules.addAll((List<Map<String, Object>>) group.get("rules"));
		}
		return rules;
	}

	/** The metric names of a PromQL expression: what is left after strings, matchers, ranges and label lists. */
	static Set<String> metricNames(String expr) {
		String stripped = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^\\]]*]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
		Set<String> names = new TreeSet<>();
		Matcher matcher = IDENTIFIER.matcher(stripped);
		while (matcher.find()) {
			String name = matcher.group();
			if (!KEYWORDS.contains(name.toLowerCase())) {
				names.add(name);
			}
		}
		return names;
	}

	private static boolean balanced(String expr) {
		int round = 0;
		int curly = 0;
		int square = 0;
		for (char c : expr.toCharArray()) {
			round += (c == '(') ? 1 : (c == ')') ? -1 : 0;
			curly += (c == '{') ? 1 : (c == '}') ? -1 : 0;
			square += (c == '[') ? 1 : (c == ']') ? -1 : 0;
			if (round < 0 || curly < 0 || square < 0) {
				return false;
			}
		}
		return round == 0 && curly == 0 && square == 0;
	}

	// ---------------------------------------------------------------- the running service

	/** The series names in this service's scrape, once a GC has happened (the GC timer appears with it). */
	private Set<String> exposedSeries() {
		this.webTestClient.get().uri("/health").exchange().expectStatus().isOk();
		System.gc();
		Set<String> names = new HashSet<>();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			names.clear();
			names.addAll(seriesNames(scrape()));
			assertThat(names).contains("jvm_gc_pause_seconds_count", "http_server_requests_seconds_count");
		});
		return names;
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

	private static Set<String> seriesNames(String exposition) {
		Set<String> names = new HashSet<>();
		exposition.lines().filter((line) -> !line.isBlank() && !line.startsWith("#")).forEach((line) -> {
			int end = 0;
			while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
				end++;
			}
			names.add(line.substring(0, end));
		});
		return names;
	}

	private static String counter(String meter) {
		return meter.replace('.', '_') + "_total";
	}

}
