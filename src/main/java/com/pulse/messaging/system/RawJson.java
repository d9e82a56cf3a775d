package com.pulse.messaging.system;

/**
 * JSON written once and embedded as it is wherever it goes: a stored message is encoded once for its
 * {@code message.new} frames, the sender's {@code ack} and its {@code message.sent} event, not three times.
 *
 * @param json a complete JSON value
 */
public record RawJson(String json) {

	/** This JSON object with more fields at its end; {@code fields} is {@code ,"a":1,"b":2}-shaped. */
	public RawJson withFields(String fields) {
		return new RawJson(this.json.substring(0, this.json.lastIndexOf('}')) + fields + "}");
	}

}
