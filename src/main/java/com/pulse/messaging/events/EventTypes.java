package com.pulse.messaging.events;

/** The event types this service publishes (also their routing keys). */
public final class EventTypes {

	public static final String MESSAGE_SENT = "message.sent";

	public static final String MESSAGE_READ = "message.read";

	public static final String MESSAGE_UPDATED = "message.updated";

	public static final String MESSAGE_DELETED = "message.deleted";

	public static final String CONVERSATION_CREATED = "conversation.created";

	public static final String CONVERSATION_UPDATED = "conversation.updated";

	public static final String USER_ONLINE = "user.online";

	public static final String USER_OFFLINE = "user.offline";

	private EventTypes() {
	}

}
