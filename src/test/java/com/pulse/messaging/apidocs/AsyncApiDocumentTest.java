package com.pulse.messaging.apidocs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.pulse.messaging.conversation.ConversationType;
import com.pulse.messaging.conversation.ConversationView;
import com.pulse.messaging.conversation.ConversationView.ParticipantView;
import com.pulse.messaging.conversation.ReadReceipt;
import com.pulse.messaging.conversation.Role;
import com.pulse.messaging.message.Attachment;
import com.pulse.messaging.message.MessageView;
import com.pulse.messaging.realtime.protocol.ClientFrame;
import com.pulse.messaging.realtime.protocol.FrameCodec;
import com.pulse.messaging.realtime.protocol.ServerFrame;
import com.pulse.messaging.support.AsyncApi;
import com.pulse.messaging.support.AsyncApi.Message;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.system.ErrorCode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/asyncapi.yaml} is served as it is, and describes the WebSocket protocol the code speaks: every
 * server frame the code can build, encoded by the service's own {@link FrameCodec}, conforms to its message's
 * schema; every frame type of the code is in the document and every v1 frame of the document is in the code;
 * the client frames' examples conform and decode with the same codec.
 */
class AsyncApiDocumentTest extends IntegrationTestBase {

	private static final Instant NOW = Instant.parse("2026-11-28T12:00:00.123Z");

	private static final String CONVERSATION = "6650a1f0c2b9e81a2b3c4d5e";

	private final AsyncApi document = AsyncApi.load();

	@Autowired
	private FrameCodec codec;

	@Autowired
	private JsonMapper json;

	@Test
	void documentIsServedWithoutTokenAsInTheRepository() throws IOException {
		String served = this.webTestClient.get()
			.uri(AsyncApiConfig.PATH)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("application/yaml"))
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(served).isEqualTo(Files.readString(AsyncApi.FILE, StandardCharsets.UTF_8));
	}

	@Test
	void documentIsAsyncApi3WithTheWebSocketAndTheBroker() {
		JsonNode root = this.document.document();
		assertThat(root.path("asyncapi").asString()).startsWith("3.");
		assertThat(root.path("channels").path("chat").path("address").asString()).isEqualTo("/ws");
		assertThat(root.path("servers").path("broker").path("protocol").asString()).isEqualTo("amqp");
	}

	@Test
	void everyServerFrameTheCodeBuildsConformsToTheDocument() {
		Map<String, Message> documented = this.document.messages("sendServerFrames");
		List<ServerFrame> frames = serverFrames();
		Set<Class<?>> built = new HashSet<>();
		Map<String, List<String>> problems = new LinkedHashMap<>();
		for (ServerFrame frame : frames) {
			built.add(frame.getClass());
			JsonNode encoded = this.json.readTree(this.codec.encode(frame));
			String type = encoded.path("type").asString();
			Message message = documented.get(type);
			if (message == null) {
				problems.computeIfAbsent(type, (k) -> new ArrayList<>()).add("not in docs/asyncapi.yaml");
				continue;
			}
			List<String> errors = this.document.validate(message, encoded);
			if (!errors.isEmpty()) {
				problems.computeIfAbsent(type, (k) -> new ArrayList<>()).add(encoded + " -> " + errors);
			}
		}
		assertThat(problems).as("server frames that the document does not describe").isEmpty();
		// a new ServerFrame record fails here until it has an instance above (and so a check against the document)
		assertThat(built).as("every ServerFrame type is built above")
			.containsAll(Arrays.asList(ServerFrame.class.getPermittedSubclasses()));
	}

	@Test
	void everyV1ServerFrameOfTheDocumentIsOneTheCodeSends() {
		Set<String> sent = new HashSet<>();
		serverFrames().forEach((frame) -> sent.add(frame.type()));
		List<String> v1 = this.document.messages("sendServerFrames")
			.values()
			.stream()
			.filter((m) -> !m.v2())
			.map(Message::name)
			.toList();
		assertThat(sent).as("frame types the code sends").containsAll(v1);
	}

	@Test
	void clientFrameExamplesConformAndTheCodecDecodesTheV1Ones() {
		Set<Class<?>> decoded = new HashSet<>();
		for (Message message : this.document.messages("receiveClientFrames").values()) {
			assertThat(message.examples()).as("examples of %s", message.name()).isNotEmpty();
			for (JsonNode example : message.examples()) {
				assertThat(example.path("type").asString()).isEqualTo(message.name());
				assertThat(this.document.validate(message, example)).as("%s against its schema", example).isEmpty();
				if (!message.v2()) {
					decoded.add(this.codec.decode(example.toString()).getClass());
				}
			}
		}
		assertThat(decoded).as("every ClientFrame type has a documented example")
			.containsAll(Arrays.asList(ClientFrame.class.getPermittedSubclasses()));
	}

	@Test
	void v2ServerFrameExamplesConform() {
		for (Message message : this.document.messages("sendServerFrames").values()) {
			if (message.v2()) {
				assertThat(message.examples()).as("examples of %s", message.name()).isNotEmpty();
				message.examples()
					.forEach((example) -> assertThat(this.document.validate(message, example)).as("%s", example).isEmpty());
			}
		}
	}

	@Test
	void schemasRefuseWhatTheContractForbids() {
		Map<String, Message> server = this.document.messages("sendServerFrames");
		JsonNode unknownCode = this.json.readTree("{\"type\":\"error\",\"code\":\"oops\",\"message\":\"x\"}");
		JsonNode secondsOnly = this.json
			.readTree("{\"type\":\"presence\",\"user_id\":\"bob\",\"status\":\"online\",\"last_seen\":\"2026-11-28T12:00:00Z\"}");
		JsonNode extraField = this.json.readTree("{\"type\":\"pong\",\"ref\":\"p\",\"debug\":true}");
		assertThat(this.document.validate(server.get("error"), unknownCode)).isNotEmpty();
		assertThat(this.document.validate(server.get("presence"), secondsOnly)).isNotEmpty();
		assertThat(this.document.validate(server.get("pong"), extraField)).isNotEmpty();
		JsonNode both = this.json
			.readTree("{\"type\":\"message.send\",\"conversation_id\":\"c\",\"recipient_id\":\"bob\",\"content\":\"x\"}");
		assertThat(this.document.validate(this.document.messages("receiveClientFrames").get("message.send"), both))
			.as("exactly one of conversation_id and recipient_id")
			.isNotEmpty();
	}

	/** One frame of every shape the code can send, with the values that vary (nulls, refs, every error code). */
	private List<ServerFrame> serverFrames() {
		JsonNode stringRef = this.json.readTree("\"r1\"");
		JsonNode numberRef = this.json.readTree("7");
		MessageView message = message(false);
		List<ServerFrame> frames = new ArrayList<>();
		frames.add(new ServerFrame.Connected("alice", "s-1", 30_000, NOW));
		frames.add(ServerFrame.Ack.message(stringRef, message));
		frames.add(ServerFrame.Ack.result(numberRef, new ReadReceipt(CONVERSATION, "alice", 42, 0)));
		frames.add(ServerFrame.Ack.result(stringRef, Map.of("user_ids", List.of("bob", "carol"))));
		for (ErrorCode code : ErrorCode.values()) {
			frames.add(new ServerFrame.Error(stringRef, code.code(), code.title()));
		}
		frames.add(new ServerFrame.Error(null, ErrorCode.MALFORMED_REQUEST.code(), "The frame is not valid JSON"));
		frames.add(new ServerFrame.MessageEvent("message.new", message));
		frames.add(new ServerFrame.MessageEvent("message.updated", edited()));
		frames.add(new ServerFrame.MessageEvent("message.deleted", message(true)));
		frames.add(new ServerFrame.MessageRead(CONVERSATION, "bob", 42));
		frames.add(new ServerFrame.Typing(CONVERSATION, "bob", "start"));
		frames.add(new ServerFrame.Typing(CONVERSATION, "bob", "stop"));
		frames.add(new ServerFrame.Presence("bob", "online", null));
		frames.add(new ServerFrame.Presence("bob", "offline", NOW));
		frames.add(new ServerFrame.ConversationUpdated(conversation(ConversationType.GROUP, message)));
		frames.add(new ServerFrame.ConversationUpdated(conversation(ConversationType.DIRECT, null)));
		frames.add(new ServerFrame.SyncState(List.of(new ServerFrame.SyncEntry(CONVERSATION, 42, 3))));
		frames.add(new ServerFrame.SyncState(List.of()));
		frames.add(new ServerFrame.SyncDone(stringRef, true));
		frames.add(new ServerFrame.SyncDone(null, false));
		frames.add(new ServerFrame.Pong(numberRef));
		frames.add(new ServerFrame.Pong(null));
		return frames;
	}

	private static MessageView message(boolean deleted) {
		if (deleted) {
			return new MessageView("6650a1f0c2b9e81a2b3c4d5f", CONVERSATION, 42, "alice", "text", null, List.of(), null,
					List.of(), "7f3c2a", NOW, null, true, List.of());
		}
		return new MessageView("6650a1f0c2b9e81a2b3c4d5f", CONVERSATION, 42, "alice", "image", "look",
				List.of(new Attachment("https://files.example/a.png", "image/png", 1234L, "a.png", 640, 480),
						new Attachment("https://files.example/b.pdf", null, null, null, null, null)),
				"6650a1f0c2b9e81a2b3c4d50", List.of("bob"), null, NOW, null, false,
				List.of(new MessageView.Reaction("👍", 2, List.of("bob", "carol"))));
	}

	private static MessageView edited() {
		return new MessageView("6650a1f0c2b9e81a2b3c4d5f", CONVERSATION, 42, "alice", "text", "hello again", List.of(),
				null, List.of(), "7f3c2a", NOW, NOW.plusSeconds(5), false, List.of());
	}

	private static ConversationView conversation(ConversationType type, MessageView last) {
		List<ParticipantView> participants = List.of(
				new ParticipantView("alice", Role.ADMIN, NOW, 42, "alice", "Alice", "https://files.example/alice.png"),
				new ParticipantView("bob", Role.MEMBER, NOW, 0, null, null, null));
		boolean group = type == ConversationType.GROUP;
		return new ConversationView(CONVERSATION, type, group ? "Team" : null, null, "alice", NOW, NOW, participants,
				(last != null) ? last.seq() : 0, last, group ? 1 : 0, group ? NOW.plusSeconds(3600) : null);
	}

}
