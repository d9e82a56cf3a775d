package com.pulse.messaging.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests under {@code deploy/k8s} as the cluster would get them: every overlay rendered with
 * {@code kubectl kustomize} (also written to {@code target/k8s/<overlay>.yaml}), or, on a machine without
 * kubectl, the base files themselves. Probes, resources, the security context and the shutdown timing are
 * checked against the service's own settings, so a change to either side that breaks the other fails here.
 */
class KubernetesManifestsTest {

	private static final Path K8S = Path.of("deploy", "k8s");

	private static final String SECRET = "messaging-service-secrets";

	private static final List<String> SECRET_SETTINGS = List.of("MONGODB_URI", "REDIS_URL", "RABBITMQ_URL",
			"JWT_SECRET");

	static Stream<String> overlays() throws IOException {
		try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
			return dirs.filter(Files::isDirectory).map((p) -> p.getFileName().toString()).sorted().toList().stream();
		}
	}

	@Test
	void prodAndStagingOverlaysExist() throws IOException {
		assertThat(overlays()).contains("prod", "staging");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void deploymentProbesTheHealthGroupsOnTheServicePort(String overlay) throws Exception {
		Map<String, Object> container = container(objects(overlay));
		assertThat(path(container, "ports")).asList().singleElement().satisfies((port) -> {
			assertThat(path(port, "containerPort")).isEqualTo(servicePort());
			assertThat(path(port, "name")).isEqualTo("http");
		});
		assertThat(path(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		assertThat(path(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
		// start-up waits for the process, never for the backends: a slow MongoDB must not restart the pod
		assertThat(path(container, "startupProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
			assertThat(path(container, probe + ".httpGet.port")).as(probe).isIn("http", servicePort());
			assertThat(path(container, probe + ".periodSeconds")).as(probe).isNotNull();
			assertThat(path(container, probe + ".timeoutSeconds")).as(probe).isNotNull();
		}
		int startupBudget = (int) path(container, "startupProbe.periodSeconds")
				* (int) path(container, "startupProbe.failureThreshold");
		assertThat(startupBudget).as("seconds the start-up probe allows").isGreaterThanOrEqualTo(60);
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void deploymentRequestsCpuAndMemoryAndCapsMemory(String overlay) throws Exception {
		Map<String, Object> container = container(objects(overlay));
		assertThat(path(container, "resources.requests.cpu")).isNotNull();
		assertThat(path(container, "resources.requests.memory")).isNotNull();
		// the heap is a percentage of the container's memory (MaxRAMPercentage in the image): it needs a limit
		assertThat(path(container, "resources.limits.memory")).isNotNull();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void deploymentRunsLockedDown(String overlay) throws Exception {
		List<Map<String, Object>> objects = objects(overlay);
		Map<String, Object> pod = podSpec(objects);
		Map<String, Object> container = container(objects);
		assertThat(path(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
		assertThat(path(pod, "automountServiceAccountToken")).isEqualTo(false);
		assertThat(path(container, "securityContext.runAsNonRoot")).isEqualTo(true);
		assertThat(path(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
		assertThat(path(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(path(container, "securityContext.capabilities.drop")).asList().containsExactly("ALL");
		assertThat(path(container, "securityContext.privileged")).isNotEqualTo(true);
		// a read-only root needs a writable /tmp for the JVM and Netty
		Object tmpVolume = ((List<?>) path(container, "volumeMounts")).stream()
			.filter((m) -> "/tmp".equals(path(m, "mountPath")))
			.map((m) -> path(m, "name"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no volume mounted at /tmp"));
		assertThat(((List<?>) path(pod, "volumes")).stream().filter((v) -> tmpVolume.equals(path(v, "name"))))
			.singleElement()
			.satisfies((v) -> assertThat(path(v, "emptyDir")).isNotNull());
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void gracePeriodOutlastsPreStopAndTheShutdownPhases(String overlay) throws Exception {
		List<Map<String, Object>> objects = objects(overlay);
		Map<String, Object> container = container(objects);
		List<?> preStop = (List<?>) path(container, "lifecycle.preStop.exec.command");
		assertThat(preStop).as("preStop sleeps").hasSize(2).first().isEqualTo("sleep");
		long preStopSeconds = Long.parseLong(String.valueOf(preStop.get(1)));
		assertThat(preStopSeconds).as("preStop gives the endpoints controller time").isBetween(3L, 30L);

		Duration phase = shutdownPhaseTimeout(objects);
		Duration sockets = socketCloseWait();
		long grace = ((Number) path(podSpec(objects), "terminationGracePeriodSeconds")).longValue();
		// after preStop: the outbox relay's last round (its own phase, first to stop), the sockets
		// (GracefulClose), the web server's drain (a phase), and 5 s for the connections to close
		long needed = preStopSeconds + phase.toSeconds() + sockets.toSeconds() + phase.toSeconds() + 5;
		assertThat(grace).as("terminationGracePeriodSeconds vs preStop %ss + relay %s + sockets %s + drain %s + 5s",
				preStopSeconds, phase, sockets, phase)
			.isGreaterThanOrEqualTo(needed);
		assertThat(serverShutdown()).as("server.shutdown in application.yml").isEqualTo("graceful");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void secretsComeFromTheSecretAndTheRestFromTheConfigMap(String overlay) throws Exception {
		List<Map<String, Object>> objects = objects(overlay);
		Map<String, Object> container = container(objects);
		Map<String, Object> config = only(objects, "ConfigMap");
		Map<String, Object> data = map(config, "data");
		assertThat(data.get("SPRING_PROFILES_ACTIVE")).isEqualTo("prod");
		assertThat(data.keySet()).as("no secret setting in the ConfigMap").doesNotContainAnyElementsOf(SECRET_SETTINGS);
		assertThat(((List<?>) path(container, "envFrom")).stream().map((e) -> path(e, "configMapRef.name")))
			.contains(path(config, "metadata.name"));
		for (String setting : SECRET_SETTINGS) {
			Object ref = ((List<?>) path(container, "env")).stream()
				.filter((e) -> setting.equals(path(e, "name")))
				.findFirst()
				.map((e) -> path(e, "valueFrom.secretKeyRef"))
				.orElseThrow(() -> new AssertionError(setting + " is not set from a Secret"));
			assertThat(path(ref, "name")).as(setting).isEqualTo(SECRET);
			assertThat(path(ref, "key")).as(setting).isEqualTo(setting);
		}
		assertThat(objects).as("no Secret is rendered: it comes from the cluster's secret store")
			.noneMatch((o) -> "Secret".equals(o.get("kind")));
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void serviceHpaAndBudgetSelectTheDeployment(String overlay) throws Exception {
		List<Map<String, Object>> objects = objects(overlay);
		Map<String, Object> deployment = only(objects, "Deployment");
		Map<String, Object> podLabels = map(deployment, "spec.template.metadata.labels");
		assertThat(podLabels).containsAllEntriesOf(map(deployment, "spec.selector.matchLabels"));
		Map<String, Object> service = only(objects, "Service");
		assertThat(podLabels).containsAllEntriesOf(map(service, "spec.selector"));
		assertThat(path(service, "spec.ports")).asList()
			.singleElement()
			.satisfies((p) -> assertThat(path(p, "targetPort")).isIn("http", servicePort()));
		Map<String, Object> budget = only(objects, "PodDisruptionBudget");
		assertThat(podLabels).containsAllEntriesOf(map(budget, "spec.selector.matchLabels"));
		Map<String, Object> hpa = only(objects, "HorizontalPodAutoscaler");
		assertThat(path(hpa, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
		assertThat(path(hpa, "spec.scaleTargetRef.name")).isEqualTo(path(deployment, "metadata.name"));
		int min = (int) path(hpa, "spec.minReplicas");
		assertThat(min).as("a spare pod for failover").isGreaterThanOrEqualTo(2);
		assertThat((int) path(hpa, "spec.maxReplicas")).isGreaterThanOrEqualTo(min);
		// the HPA owns the replica count; a fixed one would be reset on every apply
		assertThat(path(deployment, "spec.replicas")).isNull();
		assertThat(path(budget, "spec.maxUnavailable")).as("one pod's clients reconnect at a time").isEqualTo(1);
	}

	// ---------------------------------------------------------------- rendering

	/** The rendered objects of an overlay, or the base's own files when kubectl is not installed. */
	private static List<Map<String, Object>> objects(String overlay) throws Exception {
		Optional<Path> kubectl = Commands.onPath("kubectl");
		String yaml;
		if (kubectl.isPresent()) {
			yaml = render(kubectl.get(), overlay);
		}
		else {
			StringBuilder base = new StringBuilder();
			for (Object resource : (List<?>) loadOne(K8S.resolve("base/kustomization.yaml")).get("resources")) {
				base.append(Files.readString(K8S.resolve("base").resolve((String) resource))).append("\n---\n");
			}
			yaml = base.toString();
		}
		List<Map<String, Object>> objects = new ArrayList<>();
		for (Object document : new Yaml().loadAll(yaml)) {
			if (document != null) {
				@SuppressWarnings("unchecked")
				Map<String, Object> object = (Map<String, Object>) document;
				objects.add(object);
			}
		}
		return objects;
	}

	private static String render(Path kubectl, String overlay) throws Exception {
		Path out = Path.of("target", "k8s", overlay + ".yaml");
		Files.createDirectories(out.getParent());
		Process process = new ProcessBuilder(kubectl.toString(), "kustomize", K8S.resolve("overlays").resolve(overlay).toString())
			.redirectOutput(out.toFile())
			.redirectError(ProcessBuilder.Redirect.PIPE)
			.start();
		String errors;
		try (InputStream err = process.getErrorStream()) {
			errors = new String(err.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finishes").isTrue();
		assertThat(process.exitValue()).as("kubectl kustomize %s: %s", overlay, errors).isZero();
		return Files.readString(out);
	}

	// ---------------------------------------------------------------- the service's own settings

	/** {@code PORT}'s default in application.yml ({@code ${PORT:8084}}). */
	private static int servicePort() throws IOException {
		String port = (String) path(applicationYml(), "server.port");
		return Integer.parseInt(port.replaceAll("^\\$\\{PORT:(\\d+)}$", "$1"));
	}

	private static String serverShutdown() throws IOException {
		return (String) path(applicationYml(), "server.shutdown");
	}

	/** The ConfigMap's value when it sets one, else application.yml's. */
	private static Duration shutdownPhaseTimeout(List<Map<String, Object>> objects) throws IOException {
		Object fromConfigMap = path(only(objects, "ConfigMap"), "data.SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE");
		Object value = (fromConfigMap != null) ? fromConfigMap
				: path(applicationYml(), "spring.lifecycle.timeout-per-shutdown-phase");
		return DurationStyle.detectAndParse(String.valueOf(value));
	}

	/** How long {@code GracefulClose} waits for the sockets to close (a private constant of realtime). */
	private static Duration socketCloseWait() throws ReflectiveOperationException {
		Field wait = Class.forName("com.pulse.messaging.realtime.GracefulClose").getDeclaredField("WAIT");
		wait.setAccessible(true);
		return (Duration) wait.get(null);
	}

	/** The first document of application.yml (the defaults, before the profile sections). */
	private static Map<String, Object> applicationYml() throws IOException {
		return loadOne(Path.of("src", "main", "resources", "application.yml"));
	}

	private static Map<String, Object> loadOne(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			@SuppressWarnings("unchecked")
			Map<String, Object> first = (Map<String, Object>) new Yaml().loadAll(in).iterator().next();
			return first;
		}
	}

	// ---------------------------------------------------------------- navigation

	private static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
		List<Map<String, Object>> matching = objects.stream().filter((o) -> kind.equals(o.get("kind"))).toList();
		assertThat(matching).as("objects of kind %s", kind).hasSize(1);
		return matching.get(0);
	}

	private static Map<String, Object> podSpec(List<Map<String, Object>> objects) {
		@SuppressWarnings("unchecked")
		Map<String, Object> spec = (Map<String, Object>) path(only(objects, "Deployment"), "spec.template.spec");
		return spec;
	}

	private static Map<String, Object> container(List<Map<String, Object>> objects) {
		List<?> containers = (List<?>) path(podSpec(objects), "containers");
		assertThat(containers).as("one container").hasSize(1);
		@SuppressWarnings("unchecked")
		Map<String, Object> container = (Map<String, Object>) containers.get(0);
		return container;
	}

	private static Map<String, Object> map(Object node, String dotted) {
		@SuppressWarnings("unchecked")
		Map<String, Object> map = (Map<String, Object>) path(node, dotted);
		assertThat(map).as(dotted).isNotNull();
		return map;
	}

	/** The value at a dotted path of nested maps, or null where a step is missing. */
	private static Object path(Object node, String dotted) {
		Object current = node;
		for (String key : dotted.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

}
