package com.pulse.messaging.events;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.BackingServices;
import com.pulse.messaging.support.TcpProxy;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** Shared steps of the broker fault tests. */
final class FaultSupport {

	private FaultSupport() {
	}

	/** The broker address with its credentials, but host and port of the proxy. */
	static String addressThrough(TcpProxy proxy) {
		try {
			URI broker = new URI(BackingServices.amqpAddresses());
			return new URI(broker.getScheme(), broker.getUserInfo(), proxy.host(), proxy.port(), broker.getPath(), null,
					null)
				.toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Sends {@code count} messages, each acknowledged with 201, and returns their ids. */
	static List<String> sendMessages(ApiClient api, String sender, String conversationId, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Map<String, Object> message = api.send(sender, conversationId, "message " + i);
			ids.add((String) message.get("id"));
		}
		return ids;
	}

	/** Outbox entries waiting for these messages' {@code message.sent}. */
	static long pendingSentEvents(ReactiveMongoTemplate mongo, List<String> messageIds) {
		return mongo.count(Query.query(Criteria.where("guard_message_id").in(messageIds)), "outbox").block();
	}

}
