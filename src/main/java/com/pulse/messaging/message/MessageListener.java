package com.pulse.messaging.message;

import java.util.Collection;

import com.pulse.messaging.system.RawJson;

/** Told after a message change is stored, so connected clients hear of it (the real-time layer). */
public interface MessageListener {

	/**
	 * A new message for {@code audience}; {@code originSession} (the sending connection, or null) already
	 * has it in its ack.
	 */
	void messageCreated(RawJson message, Collection<String> audience, String originSession);

	/** An edit, reaction or deletion ({@code message.updated} or {@code message.deleted}). */
	void messageChanged(MessageView message, boolean deleted, Collection<String> audience);

}
