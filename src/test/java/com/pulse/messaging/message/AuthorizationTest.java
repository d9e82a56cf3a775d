package com.pulse.messaging.message;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;

import static com.pulse.messaging.support.ApiClient.API;
import static com.pulse.messaging.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A non-participant gets 404 on every conversation and message route, the very same answer as for a
 * nonexistent id and for a malformed one (no existence oracle), and nothing changes.
 */
class AuthorizationTest extends IntegrationTestBase {

	private static final String UNKNOWN = "650000000000000000000000";

	private static final String MALFORMED = "not-an-id";

	private ApiClient api;

	private String alice;

	private String bob;

	private String outsider;

	private String group;

	private String message;

	@BeforeEach
	void privateGroup() {
		this.api = new ApiClient(this.webTestClient, this.port);
		this.alice = Tokens.newUser();
		this.bob = Tokens.newUser();
		this.outsider = Tokens.newUser();
		this.group = this.api.groupId(this.alice, this.bob);
		this.message = (String) this.api.send(this.alice, this.group, "private words").get("id");
	}

	/** One route, given the conversation id and the message id to use. */
	private record Route(HttpMethod method, Function<String[], String> path, Function<String[], Object> body) {

		String path(String conversation, String message) {
			return this.path.apply(new String[] { conversation, message });
		}

		Object body(String conversation, String message) {
			return this.body.apply(new String[] { conversation, message });
		}

	}

	private List<Route> routes() {
		return List.of(new Route(HttpMethod.GET, (ids) -> API + "/conversations/" + ids[0], (ids) -> null),
				new Route(HttpMethod.PATCH, (ids) -> API + "/conversations/" + ids[0], (ids) -> json("name", "Hijacked")),
				new Route(HttpMethod.GET, (ids) -> API + "/conversations/" + ids[0] + "/messages", (ids) -> null),
				new Route(HttpMethod.GET, (ids) -> API + "/conversations/" + ids[0] + "/messages?after_seq=0", (ids) -> null),
				new Route(HttpMethod.PUT, (ids) -> API + "/conversations/" + ids[0] + "/read", (ids) -> json("seq", 1)),
				new Route(HttpMethod.PUT, (ids) -> API + "/conversations/" + ids[0] + "/mute", (ids) -> json("until", null)),
				new Route(HttpMethod.POST, (ids) -> API + "/conversations/" + ids[0] + "/participants",
						(ids) -> json("user_ids", List.of(this.outsider))),
				new Route(HttpMethod.DELETE, (ids) -> API + "/conversations/" + ids[0] + "/participants/" + this.bob, (ids) -> null),
				new Route(HttpMethod.DELETE, (ids) -> API + "/conversations/" + ids[0] + "/participants/" + this.outsider, (ids) -> null),
				new Route(HttpMethod.PUT, (ids) -> API + "/conversations/" + ids[0] + "/participants/" + this.outsider + "/role",
						(ids) -> json("role", "admin")),
				new Route(HttpMethod.POST, (ids) -> API, (ids) -> json("conversation_id", ids[0], "content", "let me in")),
				new Route(HttpMethod.GET, (ids) -> API + "/search?q=private&conversation_id=" + ids[0], (ids) -> null),
				new Route(HttpMethod.PUT, (ids) -> API + "/" + ids[1] + "/read", (ids) -> null),
				new Route(HttpMethod.PATCH, (ids) -> API + "/" + ids[1], (ids) -> json("content", "edited")),
				new Route(HttpMethod.DELETE, (ids) -> API + "/" + ids[1], (ids) -> null),
				new Route(HttpMethod.PUT, (ids) -> API + "/" + ids[1] + "/reactions/x", (ids) -> null),
				new Route(HttpMethod.DELETE, (ids) -> API + "/" + ids[1] + "/reactions/x", (ids) -> null));
	}

	@Test
	void nonParticipantGetsTheSameNotFoundAsForAnUnknownOrMalformedId() {
		for (Route route : routes()) {
			Map<String, Object> hidden = Problems.notFound(call(route, this.group, this.message));
			Map<String, Object> unknown = Problems.notFound(call(route, UNKNOWN, UNKNOWN));
			Map<String, Object> malformed = Problems.notFound(call(route, MALFORMED, MALFORMED));
			String what = route.method() + " " + route.path(this.group, this.message);
			for (String field : List.of("type", "title", "code", "detail")) {
				assertThat(hidden.get(field)).as(field + " of " + what + " vs unknown").isEqualTo(unknown.get(field));
				assertThat(hidden.get(field)).as(field + " of " + what + " vs malformed").isEqualTo(malformed.get(field));
			}
			hidden.remove("instance"); // the request path, which the caller wrote
			assertThat(hidden.toString()).doesNotContain("private words", this.alice, this.bob);
		}
		Map<String, Object> group = this.api.conversation(this.alice, this.group);
		assertThat(group.get("name")).isEqualTo("Group");
		assertThat(ApiClient.list(group, "participants")).hasSize(2);
		assertThat(this.api.messages(this.alice, this.group)).singleElement()
			.satisfies((m) -> assertThat(m).containsEntry("content", "private words").containsEntry("reactions", List.of()));
	}

	@Test
	void nonParticipantListsAndSearchesNothingOfIt() {
		assertThat(ApiClient.list(ApiClient.body(this.api.get(this.outsider, API + "/conversations"), 200), "conversations")).isEmpty();
		assertThat(ApiClient.list(ApiClient.body(this.api.get(this.outsider, API + "/search?q=private"), 200), "messages")).isEmpty();
		assertThat(ApiClient.map(this.api.unread(this.outsider).get("conversations"))).isEmpty();
	}

	private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec call(Route route, String conversation,
			String message) {
		return this.api.call(route.method(), this.outsider, route.path(conversation, message),
				route.body(conversation, message));
	}

}
