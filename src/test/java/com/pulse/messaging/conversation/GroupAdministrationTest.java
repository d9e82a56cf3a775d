package com.pulse.messaging.conversation;

import java.util.List;
import java.util.Map;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.Problems;
import com.pulse.messaging.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.pulse.messaging.support.ApiClient.API;
import static com.pulse.messaging.support.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Renaming, membership and roles of groups: admins may, members get 403, the removed get 404. */
class GroupAdministrationTest extends IntegrationTestBase {

	private ApiClient api;

	private String admin;

	private String bob;

	private String carol;

	private String group;

	@BeforeEach
	void group() {
		this.api = new ApiClient(this.webTestClient, this.port);
		this.admin = Tokens.newUser();
		this.bob = Tokens.newUser();
		this.carol = Tokens.newUser();
		this.group = this.api.groupId(this.admin, this.bob, this.carol);
	}

	@Test
	void adminRenamesAndSetsTheAvatar() {
		Map<String, Object> renamed = ApiClient.body(this.api.patch(this.admin, API + "/conversations/" + this.group,
				json("name", " Renamed ", "avatar_url", "https://cdn.example.com/a.png")), 200);
		assertThat(renamed.get("name")).isEqualTo("Renamed");
		assertThat(renamed.get("avatar_url")).isEqualTo("https://cdn.example.com/a.png");
		assertThat(this.api.conversation(this.bob, this.group).get("name")).isEqualTo("Renamed");
		Map<String, Object> avatarOnly = ApiClient.body(this.api.patch(this.admin, API + "/conversations/" + this.group,
				json("avatar_url", "")), 200);
		assertThat(avatarOnly.get("name")).isEqualTo("Renamed");
		assertThat(avatarOnly.get("avatar_url")).isNull();
		ApiClient.body(this.api.patch(this.admin, API + "/conversations/" + this.group,
				json("avatar_url", "https://cdn.example.com/b.png")), 200);
		Map<String, Object> nameOnly = ApiClient.body(this.api.patch(this.admin, API + "/conversations/" + this.group,
				json("name", "Again")), 200);
		assertThat(nameOnly.get("avatar_url")).as("absent: unchanged").isEqualTo("https://cdn.example.com/b.png");
		Map<String, Object> cleared = ApiClient.body(this.api.patch(this.admin, API + "/conversations/" + this.group,
				json("avatar_url", null)), 200);
		assertThat(cleared.get("avatar_url")).as("explicit null: removed").isNull();
		assertThat(cleared.get("name")).isEqualTo("Again");
		Problems.validation(this.api.patch(this.admin, API + "/conversations/" + this.group, json("avatar_url", 5)),
				"avatar_url");
	}

	@Test
	void rejectsRenamingByAMember() {
		Problems.forbidden(this.api.patch(this.bob, API + "/conversations/" + this.group, json("name", "Mine")));
		assertThat(this.api.conversation(this.admin, this.group).get("name")).isEqualTo("Group");
	}

	@Test
	void rejectsAnInvalidRename() {
		Problems.validation(this.api.patch(this.admin, API + "/conversations/" + this.group, json("name", "  ")), "name");
		Problems.validation(this.api.patch(this.admin, API + "/conversations/" + this.group, json("name", "n".repeat(101))), "name");
		Problems.validation(this.api.patch(this.admin, API + "/conversations/" + this.group, json("avatar_url", "ftp://x/a.png")), "avatar_url");
	}

	@Test
	void rejectsAdministrationOfADirectConversation() {
		String direct = this.api.direct(this.admin, this.bob);
		Problems.forbidden(this.api.patch(this.admin, API + "/conversations/" + direct, json("name", "x")));
		Problems.forbidden(this.api.post(this.admin, API + "/conversations/" + direct + "/participants", json("user_ids", List.of(this.carol))));
		Problems.forbidden(this.api.delete(this.admin, API + "/conversations/" + direct + "/participants/" + this.bob));
	}

	@Test
	void adminAddsParticipantsWhoThenSeeTheGroup() {
		String dave = Tokens.newUser();
		Map<String, Object> updated = ApiClient.body(this.api.post(this.admin, API + "/conversations/" + this.group + "/participants",
				json("user_ids", List.of(dave, this.bob))), 200);
		assertThat(ApiClient.list(updated, "participants")).extracting((p) -> p.get("user_id"))
			.containsExactlyInAnyOrder(this.admin, this.bob, this.carol, dave);
		assertThat(ApiClient.participant(updated, dave).get("role")).isEqualTo("member");
		assertThat(this.api.conversation(dave, this.group).get("id")).isEqualTo(this.group);
		Problems.forbidden(this.api.post(this.bob, API + "/conversations/" + this.group + "/participants",
				json("user_ids", List.of(Tokens.newUser()))));
		Problems.validation(this.api.post(this.admin, API + "/conversations/" + this.group + "/participants",
				json("user_ids", List.of())), "user_ids");
	}

	@Test
	void removedMembersRepeatedSendIsNotFoundInsteadOfTheStoredMessage() {
		Map<String, Object> send = json("conversation_id", this.group, "content", "before removal", "client_message_id", "k-1");
		ApiClient.body(this.api.post(this.bob, API, send), 201);
		ApiClient.body(this.api.post(this.bob, API, send), 200);
		this.api.delete(this.admin, API + "/conversations/" + this.group + "/participants/" + this.bob)
			.expectStatus().isNoContent();
		Problems.notFound(this.api.post(this.bob, API, send));
	}

	@Test
	void removedMemberGetsNotFoundOnEveryRoute() {
		Map<String, Object> message = this.api.send(this.admin, this.group, "before removal");
		String messageId = (String) message.get("id");
		this.api.delete(this.admin, API + "/conversations/" + this.group + "/participants/" + this.bob)
			.expectStatus().isNoContent().expectBody().isEmpty();
		String base = API + "/conversations/" + this.group;
		Problems.notFound(this.api.get(this.bob, base));
		Problems.notFound(this.api.get(this.bob, base + "/messages"));
		Problems.notFound(this.api.put(this.bob, base + "/read", json("seq", 1)));
		Problems.notFound(this.api.put(this.bob, base + "/mute", json("until", null)));
		Problems.notFound(this.api.patch(this.bob, base, json("name", "x")));
		Problems.notFound(this.api.post(this.bob, API, json("conversation_id", this.group, "content", "still here?")));
		Problems.notFound(this.api.put(this.bob, API + "/" + messageId + "/read", null));
		Problems.notFound(this.api.put(this.bob, API + "/" + messageId + "/reactions/x", null));
		Problems.notFound(this.api.get(this.bob, API + "/search?q=removal&conversation_id=" + this.group));
		assertThat(ApiClient.list(ApiClient.body(this.api.get(this.bob, API + "/conversations"), 200), "conversations")).isEmpty();
		assertThat(ApiClient.list(ApiClient.body(this.api.get(this.bob, API + "/search?q=removal"), 200), "messages")).isEmpty();
		assertThat(ApiClient.list(this.api.conversation(this.admin, this.group), "participants")).extracting((p) -> p.get("user_id"))
			.containsExactlyInAnyOrder(this.admin, this.carol);
	}

	@Test
	void memberCanLeaveButNotRemoveOthers() {
		Problems.forbidden(this.api.delete(this.bob, API + "/conversations/" + this.group + "/participants/" + this.carol));
		this.api.delete(this.bob, API + "/conversations/" + this.group + "/participants/" + this.bob).expectStatus().isNoContent();
		Problems.notFound(this.api.get(this.bob, API + "/conversations/" + this.group));
		Problems.notFound(this.api.delete(this.admin, API + "/conversations/" + this.group + "/participants/" + this.bob));
	}

	@Test
	void lastAdminLeavingPromotesTheOldestMember() {
		String dave = Tokens.newUser();
		ApiClient.body(this.api.post(this.admin, API + "/conversations/" + this.group + "/participants", json("user_ids", List.of(dave))), 200);
		this.api.delete(this.admin, API + "/conversations/" + this.group + "/participants/" + this.admin).expectStatus().isNoContent();
		Map<String, Object> after = this.api.conversation(this.bob, this.group);
		assertThat(ApiClient.participant(after, this.bob).get("role")).as("oldest member").isEqualTo("admin");
		assertThat(ApiClient.participant(after, this.carol).get("role")).isEqualTo("member");
		assertThat(ApiClient.participant(after, dave).get("role")).isEqualTo("member");
	}

	@Test
	void adminChangesRolesAndMembersCannot() {
		Map<String, Object> promoted = ApiClient.body(this.api.put(this.admin,
				API + "/conversations/" + this.group + "/participants/" + this.bob + "/role", json("role", "admin")), 200);
		assertThat(ApiClient.participant(promoted, this.bob).get("role")).isEqualTo("admin");
		Problems.forbidden(this.api.put(this.carol, API + "/conversations/" + this.group + "/participants/" + this.carol + "/role",
				json("role", "admin")));
		Problems.validation(this.api.put(this.admin, API + "/conversations/" + this.group + "/participants/" + this.bob + "/role",
				json("role", "owner")), "role");
		Problems.notFound(this.api.put(this.admin, API + "/conversations/" + this.group + "/participants/" + Tokens.newUser() + "/role",
				json("role", "admin")));
		Map<String, Object> demoted = ApiClient.body(this.api.put(this.bob,
				API + "/conversations/" + this.group + "/participants/" + this.admin + "/role", json("role", "member")), 200);
		assertThat(ApiClient.participant(demoted, this.admin).get("role")).isEqualTo("member");
	}

	@Test
	void muteIsTheCallersOwnAndCanBeLifted() {
		Map<String, Object> muted = ApiClient.body(this.api.put(this.bob, API + "/conversations/" + this.group + "/mute",
				json("until", "2099-01-01T00:00:00Z")), 200);
		assertThat(muted.get("muted_until")).isEqualTo("2099-01-01T00:00:00.000Z");
		assertThat(this.api.conversation(this.carol, this.group).get("muted_until")).isNull();
		Map<String, Object> unmuted = ApiClient.body(this.api.put(this.bob, API + "/conversations/" + this.group + "/mute",
				json("until", null)), 200);
		assertThat(unmuted.get("muted_until")).isNull();
		Problems.validation(this.api.put(this.bob, API + "/conversations/" + this.group + "/mute", json("until", "tomorrow")), "until");
	}

}
