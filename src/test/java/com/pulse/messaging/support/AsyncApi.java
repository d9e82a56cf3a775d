package com.pulse.messaging.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/asyncapi.yaml} as the tests read it: the messages of an operation by their {@code name} (the frame
 * or event type), and a validator of a JSON value against a message's payload schema. AsyncAPI schemas are JSON
 * Schema draft 07, so the document itself is the schema root and {@code $ref}s resolve inside it.
 */
public final class AsyncApi {

	public static final Path FILE = Path.of("docs", "asyncapi.yaml");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

	private final JsonNode document;

	private AsyncApi(JsonNode document) {
		this.document = document;
	}

	public static AsyncApi load() {
		try (InputStream in = Files.newInputStream(FILE)) {
			// plain maps, lists and scalars only (the document's timestamps are quoted, so they stay strings)
			Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
			return new AsyncApi(json.valueToTree(tree));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public JsonNode document() {
		return this.document;
	}

	/** The messages of an operation, by {@code name}; the operation must exist. */
	public Map<String, Message> messages(String operation) {
		JsonNode refs = this.document.path("operations").path(operation).path("messages");
		assertThat(refs.isArray()).as("operation %s lists its messages", operation).isTrue();
		Map<String, Message> messages = new LinkedHashMap<>();
		for (JsonNode ref : refs) {
			Message message = message(pointer(ref.path("$ref").asString()));
			assertThat(messages.put(message.name(), message)).as("one message named %s in %s", message.name(), operation)
				.isNull();
		}
		return messages;
	}

	/** The messages of every operation with this action whose channel is bound to the given exchange or queue. */
	public Map<String, Message> channelMessages(String action, String bindingName) {
		Map<String, Message> messages = new LinkedHashMap<>();
		for (JsonNode operation : this.document.path("operations")) {
			if (!action.equals(operation.path("action").asString())) {
				continue;
			}
			JsonNode channel = resolve(operation.path("channel"));
			JsonNode bindings = resolve(channel.path("bindings")).path("amqp");
			String bound = bindings.path("exchange").path("name").asString(bindings.path("queue").path("name").asString());
			if (!bindingName.equals(bound)) {
				continue;
			}
			for (JsonNode ref : channel.path("messages")) {
				Message message = message(pointer(ref.path("$ref").asString()));
				boolean v2 = message.v2() || hasTag(operation, "v2");
				messages.put(message.name(), new Message(message.name(), message.pointer(), v2, message.examples()));
			}
		}
		return messages;
	}

	/** The validation errors of a value against a message's payload; empty when it conforms. */
	public List<String> validate(Message message, JsonNode value) {
		// only the components: the rest of the document is not schema, and would be reported as unknown keywords
		ObjectNode root = json.createObjectNode();
		root.put("$schema", "http://json-schema.org/draft-07/schema#");
		root.put("$ref", "#" + message.pointer() + "/payload");
		root.set("components", this.document.path("components").deepCopy());
		Schema schema = schemas.getSchema(root);
		List<String> errors = new ArrayList<>();
		schema.validate(value).forEach((error) -> errors.add(error.toString()));
		return errors;
	}

	private Message message(String pointer) {
		JsonNode node = this.document.at(pointer);
		String at = pointer;
		while (node.has("$ref")) {
			at = pointer(node.path("$ref").asString());
			node = this.document.at(at);
		}
		assertThat(node.isMissingNode()).as("message at %s", pointer).isFalse();
		List<JsonNode> examples = new ArrayList<>();
		node.path("examples").forEach((example) -> examples.add(example.path("payload")));
		return new Message(node.path("name").asString(), at, hasTag(node, "v2"), examples);
	}

	private JsonNode resolve(JsonNode node) {
		JsonNode current = node;
		while (current.has("$ref")) {
			current = this.document.at(pointer(current.path("$ref").asString()));
		}
		return current;
	}

	private static boolean hasTag(JsonNode node, String tag) {
		for (JsonNode t : node.path("tags")) {
			if (tag.equals(t.path("name").asString())) {
				return true;
			}
		}
		return false;
	}

	private static String pointer(String ref) {
		assertThat(ref).as("a local reference").startsWith("#/");
		return ref.substring(1);
	}

	/**
	 * A message of the document.
	 *
	 * @param name the frame or event type
	 * @param pointer where the message object is (JSON pointer)
	 * @param v2 tagged {@code v2}: an API.md v2 addition the code need not produce yet
	 * @param examples the example payloads
	 */
	public record Message(String name, String pointer, boolean v2, List<JsonNode> examples) {
	}

}
