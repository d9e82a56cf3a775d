package com.pulse.messaging.apidocs;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
		Map<String, List<String>> problems = new LinkedHashMap<>();
		for (ServerFrame frame : serverFrames()) {
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
	}

	@Test
	void framesBuiltFromSampleValuesConformAsTheInstancesDo() {
		// the path a ServerFrame record without an instance in knownServerFrames() takes
		Map<String, Message> documented = this.document.messages("sendServerFrames");
		for (Class<?> type : List.of(ServerFrame.Connected.class, ServerFrame.MessageRead.class,
				ServerFrame.SyncDone.class, ServerFrame.Pong.class, ServerFrame.ConversationUpdated.class)) {
			JsonNode encoded = this.json.readTree(this.codec.encode(sampleOf(type)));
			Message message = documented.get(encoded.path("type").asString());
			assertThat(message).as("%s is documented", encoded).isNotNull();
			assertThat(this.document.validate(message, encoded)).as("%s", encoded).isEmpty();
		}
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
				decode(example, message.v2()).ifPresent((frame) -> decoded.add(frame.getClass()));
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

	/**
	 * The frame a client example decodes to; a v2 frame the codec does not know yet decodes to nothing (an
	 * "Unknown frame type" error), any other refusal fails.
	 */
	private Optional<ClientFrame> decode(JsonNode example, boolean v2) {
		try {
			return Optional.of(this.codec.decode(example.toString()));
		}
		catch (FrameCodec.RefException ex) {
			if (v2 && ex.error().code() == ErrorCode.MALFORMED_REQUEST && "Unknown frame type".equals(ex.getMessage())) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	/**
	 * One frame of every shape the code can send: the instances below, with the values that vary (nulls, refs,
	 * every error code), and for a ServerFrame record that has none here yet one built from its constructor
	 * with sample values, so a new frame type is checked against the document from the day it exists.
	 */
	private List<ServerFrame> serverFrames() {
		List<ServerFrame> frames = knownServerFrames();
		Set<Class<?>> built = new HashSet<>();
		frames.forEach((frame) -> built.add(frame.getClass()));
		for (Class<?> type : ServerFrame.class.getPermittedSubclasses()) {
			if (!built.contains(type)) {
				frames.add(sampleOf(type));
			}
		}
		return frames;
	}

	/**
	 * A frame built with sample values from its shortest constructor that does not take the {@code type}
	 * (the records fix it there). Fails, asking for an instance in {@link #knownServerFrames()}, when the
	 * constructor takes a value this cannot guess.
	 */
	private ServerFrame sampleOf(Class<?> type) {
		Constructor<?> constructor = Arrays.stream(type.getConstructors())
			.filter((c) -> Arrays.stream(c.getParameters()).noneMatch((p) -> p.getName().equals("type")))
			.min(Comparator.comparingInt(Constructor::getParameterCount))
			.orElseThrow(() -> new AssertionError("Add an instance of " + type.getSimpleName()
					+ " to knownServerFrames(): it has no constructor that sets its type"));
		Object[] arguments = new Object[constructor.getParameterCount()];
		Parameter[] parameters = constructor.getParameters();
		for (int i = 0; i < parameters.length; i++) {
			arguments[i] = sampleValue(type, parameters[i]);
		}
		try {
			return (ServerFrame) constructor.newInstance(arguments);
		}
		catch (ReflectiveOperationException ex) {
			throw new AssertionError("Add an instance of " + type.getSimpleName() + " to knownServerFrames()", ex);
		}
	}

	private Object sampleValue(Class<?> frame, Parameter parameter) {
		Class<?> type = parameter.getType();
		String name = parameter.getName().toLowerCase();
		if (type == Instant.class) {
			return NOW;
		}
		if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
			return (type == int.class || type == Integer.class) ? (Object) 42 : (Object) 42L;
		}
		if (type == boolean.class || type == Boolean.class) {
			return true;
		}
		if (type == JsonNode.class) {
			return this.json.readTree("\"r1\"");
		}
		if (type == String.class && name.startsWith("conversation")) {
			return CONVERSATION;
		}
		if (type == String.class && (name.endsWith("userid") || name.equals("by"))) {
			return "bob";
		}
		if (type == String.class && name.endsWith("id")) {
			return "6650a1f0c2b9e81a2b3c4d5f";
		}
		if (type == Object.class && name.equals("message")) {
			return message(false);
		}
		if (type == Object.class && name.equals("conversation")) {
			return conversation(ConversationType.GROUP, message(false));
		}
		throw new AssertionError("Add an instance of " + frame.getSimpleName()
				+ " to knownServerFrames(): no sample value for its parameter " + parameter.getName());
	}

	private List<ServerFrame> knownServerFrames() {
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
