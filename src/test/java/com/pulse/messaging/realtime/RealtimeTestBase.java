package com.pulse.messaging.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pulse.messaging.support.ApiClient;
import com.pulse.messaging.support.IntegrationTestBase;
import com.pulse.messaging.support.RawWs;
import com.pulse.messaging.support.Tokens;
import com.pulse.messaging.support.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Real WebSocket clients against the running service; every socket a test opens is closed after it. */
abstract class RealtimeTestBase extends IntegrationTestBase {

	protected ApiClient api;

	private final List<AutoCloseable> sockets = new ArrayList<>();

	@BeforeEach
	void apiClient() {
		this.api = new ApiClient(this.webTestClient, this.port);
	}

	@AfterEach
	void closeSockets() throws Exception {
		for (AutoCloseable socket : this.sockets) {
			socket.close();
		}
		this.sockets.clear();
	}

	protected WsClient connect(String userId) {
		WsClient client = WsClient.connect(this.port, userId);
		this.sockets.add(client);
		return client;
	}

	/** Closes this socket after the test too. */
	protected void closeAfter(AutoCloseable socket) {
		this.sockets.add(socket);
	}

	protected RawWs raw(String userId) {
		return raw(userId, 0);
	}

	protected RawWs raw(String userId, int receiveBuffer) {
		RawWs raw = RawWs.connect(this.port, userId, receiveBuffer);
		this.sockets.add(raw);
		return raw;
	}

	/** Two fresh users in a direct conversation, each with one open socket. */
	protected record Chat(String alice, String bob, String conversation, WsClient aliceSocket, WsClient bobSocket) {

		/** Alice says she started (or stopped) typing. */
		void aliceTypes(String state) {
			this.aliceSocket.send(ApiClient.json("type", "typing", "conversation_id", this.conversation, "state", state));
		}

	}

	protected Chat chat() {
		String alice = Tokens.newUser();
		String bob = Tokens.newUser();
		String conversation = this.api.direct(alice, bob);
		return new Chat(alice, bob, conversation, connect(alice), connect(bob));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> message(Map<String, Object> frame) {
		return (Map<String, Object>) frame.get("message");
	}

	static String messageId(Map<String, Object> frame) {
		return (String) message(frame).get("id");
	}

}
