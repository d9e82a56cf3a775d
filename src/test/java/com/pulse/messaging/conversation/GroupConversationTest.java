package com.pulse.messaging.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.pulse.messaging.support.ApiClient.API;
import static com.pulse.messaging.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/messages/group}: validation, roles, and the size limit counting the creator. */
class GroupConversationTest extends IntegrationTestBase {

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = new ApiClient(this.webTestClient, this.port);
	}

	@Test
	void createsAGroupWithTheCreatorAsAdmin() {
		String admin = Tokens.newUser();
		String bob = Tokens.newUser();
		String carol = Tokens.newUser();
		Map<String, Object> group = ApiClient.body(this.api.post(admin, API + "/group",
				json("name", "  Team  ", "participant_ids", List.of(bob, carol, bob, admin),
						"avatar_url", "https://cdn.example.com/team.png")), 201);
		assertThat(group.get("type")).isEqualTo("group");
		assertThat(group.get("name")).as("trimmed").isEqualTo("Team");
		assertThat(group.get("avatar_url")).isEqualTo("https://cdn.example.com/team.png");
		assertThat(group.get("created_by")).isEqualTo(admin);
		assertThat(ApiClient.list(group, "participants")).extracting((p) -> p.get("user_id"))
			.containsExactlyInAnyOrder(admin, bob, carol);
		assertThat(ApiClient.participant(group, admin).get("role")).isEqualTo("admin");
		assertThat(ApiClient.participant(group, bob).get("role")).isEqualTo("member");
		assertThat(this.api.conversation(carol, (String) group.get("id")).get("id")).isEqualTo(group.get("id"));
	}

	@Test
	void rejectsAMissingBlankOrOverlongName() {
		String admin = Tokens.newUser();
		String bob = Tokens.newUser();
		Problems.validation(this.api.post(admin, API + "/group", json("participant_ids", List.of(bob))), "name");
		Problems.validation(this.api.post(admin, API + "/group", json("name", "   ", "participant_ids", List.of(bob))), "name");
		Problems.validation(this.api.post(admin, API + "/group", json("name", "n".repeat(101), "participant_ids", List.of(bob))), "name");
		Problems.badRequest(this.api.post(admin, API + "/group", json("name", 7, "participant_ids", List.of(bob))));
		ApiClient.body(this.api.post(admin, API + "/group", json("name", " " + "n".repeat(100) + " ", "participant_ids", List.of(bob))), 201);
		// characters as users count them: 100 emoji are 100 characters (200 UTF-16 units)
		ApiClient.body(this.api.post(admin, API + "/group", json("name", "😀".repeat(100), "participant_ids", List.of(bob))), 201);
		Problems.validation(this.api.post(admin, API + "/group", json("name", "😀".repeat(101), "participant_ids", List.of(bob))), "name");
	}

	@Test
	void rejectsGroupsWithoutAnotherValidParticipant() {
		String admin = Tokens.newUser();
		Problems.validation(this.api.post(admin, API + "/group", json("name", "x")), "participant_ids");
		Problems.validation(this.api.post(admin, API + "/group", json("name", "x", "participant_ids", List.of())), "participant_ids");
		Problems.validation(this.api.post(admin, API + "/group", json("name", "x", "participant_ids", List.of(admin))), "participant_ids");
		Problems.validation(this.api.post(admin, API + "/group", json("name", "x", "participant_ids", List.of("bad id!"))), "participant_ids[0]");
		Problems.badRequest(this.api.post(admin, API + "/group", json("name", "x", "participant_ids", "bob")));
		Problems.badRequest(this.api.post(admin, API + "/group", json("name", "x", "participant_ids", List.of(42))));
		assertThat(ApiClient.list(ApiClient.body(this.api.get(admin, API + "/conversations"), 200), "conversations")).isEmpty();
	}

	@Test
	void countsTheCreatorInTheGroupSizeLimit() {
		String admin = Tokens.newUser();
		List<String> others = new ArrayList<>(IntStream.range(0, 999).mapToObj((i) -> admin + "-m" + i).toList());
		ApiClient.body(this.api.post(admin, API + "/group", json("name", "Full", "participant_ids", others)), 201);
		others.add(admin + "-m999");
		Problems.validation(this.api.post(admin, API + "/group", json("name", "Too big", "participant_ids", others)), "participant_ids");
	}

	@Test
	void rejectsANonHttpAvatar() {
		String admin = Tokens.newUser();
		Problems.validation(this.api.post(admin, API + "/group",
				json("name", "x", "participant_ids", List.of(Tokens.newUser()), "avatar_url", "javascript:alert(1)")), "avatar_url");
	}

}
