package com.pulse.messaging.realtime;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

import com.pulse.messaging.auth.AuthenticatedUser;
import com.pulse.messaging.auth.UserPrincipal;
import com.pulse.messaging.presence.PresenceService;
import com.pulse.messaging.realtime.protocol.FrameCodec;
import com.pulse.messaging.realtime.protocol.ServerFrame;
import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ErrorCode;
import com.pulse.messaging.system.Timestamps;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * The edge of a socket: registers the connection, reads frames in order under the rate limit, writes the
 * connection's queue, and cleans up (presence, typing) however the socket ends.
 */
@Component
class ChatWebSocketHandler implements WebSocketHandler {

	private static final Logger log = LoggerFactory.getLogger(ChatWebSocketHandler.class);

	static final CloseStatus TOO_BIG = new CloseStatus(1009, "message too big");

	/** How long a closing connection may take to drain its queue and close before it is dropped. */
	private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

	private final SessionRegistry registry;

	private final FrameDispatcher dispatcher;

	private final FrameCodec codec;

	private final PresenceService presence;

	private final PresenceAnnouncer announcer;

	private final TypingRelay typing;

	private final RealtimeProperties properties;

	private final Clock clock;

	private final ConnectionCap cap;

	private final TokenLifetime lifetime;

	ChatWebSocketHandler(SessionRegistry registry, FrameDispatcher dispatcher, FrameCodec codec, PresenceService presence,
			PresenceAnnouncer announcer, TypingRelay typing, RealtimeProperties properties, Clock clock,
			ConnectionCap cap, TokenLifetime lifetime) {
		this.cap = cap;
		this.lifetime = lifetime;
		this.registry = registry;
		this.dispatcher = dispatcher;
		this.codec = codec;
		this.presence = presence;
		this.announcer = announcer;
		this.typing = typing;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		return session.getHandshakeInfo()
			.getPrincipal()
			.ofType(UserPrincipal.class)
			.flatMap((principal) -> Mono.usingWhen(open(principal.user()),
					// the token's lifetime runs beside the socket and ends with it
					(connection) -> Mono.firstWithSignal(serve(session, connection),
							this.lifetime.watch(connection, principal.expiresAt())),
					this::closed, (connection, error) -> closed(connection), this::closed))
			.switchIfEmpty(Mono.defer(() -> session.close(CloseStatus.POLICY_VIOLATION)));
	}

	/** Registers the connection in Redis first: see {@link SessionRegistry#register}. */
	private Mono<Connection> open(AuthenticatedUser user) {
		String id = UUID.randomUUID().toString();
		return this.registry.register(user.id(), id).then(Mono.fromSupplier(() -> open(user, id)));
	}

	private Connection open(AuthenticatedUser user, String id) {
		Connection connection = new Connection(id, user.id(), this.properties.outboundBuffer(),
				new RateLimiter(this.properties.rateLimit(), this.properties.rateBurst(), this.properties.floodLimit(),
						System.nanoTime()));
		connection.send(this.codec.encode(new ServerFrame.Connected(user.id(), connection.id(),
				this.properties.heartbeatInterval().toMillis(), Timestamps.now(this.clock))));
		this.registry.add(connection);
		this.cap.admit(connection);
		return connection;
	}

	private Mono<Void> serve(WebSocketSession session, Connection connection) {
		// frames are handled side by side (a send: its checks) up to the send window, their steps taken in frame
		// order (a send's seq is queued in its turn), sends stored side by side, and answered in frame order
		int window = this.properties.sendWindow();
		Mono<Void> input = session.receive()
			.flatMapSequential((message) -> onMessage(connection, message), window)
			.map((step) -> this.dispatcher.answer(connection, step))
			.flatMapSequential(Function.identity(), window)
			.doOnNext((answer) -> connection.send(this.codec.encode(answer)))
			.onErrorResume((error) -> {
				connection.close(closeStatusFor(error));
				return Mono.empty();
			})
			.doFinally((signal) -> connection.completeOutbound())
			.then();
		Mono<Void> output = session
			.send(connection.outbound().map((item) -> (item == Connection.PING)
					? session.pingMessage((factory) -> factory.wrap(new byte[0]))
					: session.textMessage((String) item)))
			.onErrorResume((error) -> Mono.empty())
			.then(Mono.defer(() -> session.close(connection.closeStatus())));
		Mono<Void> online = this.presence.connected(connection.userId(), connection.id())
			.flatMap(this.announcer::announce)
			.onErrorResume((error) -> {
				log.warn("Presence update failed on connect: {}", error.toString());
				return Mono.empty();
			});
		// a peer that reads nothing never lets the queue drain nor the close frame out: stop waiting for it,
		// so the connection leaves the registry and presence, and the server ends the socket
		Mono<Void> abandoned = connection.closeRequested()
			.delayElement(CLOSE_GRACE)
			.flatMap(session::close);
		return Mono.firstWithSignal(Mono.when(input, output, online), abandoned);
	}

	private Mono<FrameDispatcher.Step> onMessage(Connection connection, WebSocketMessage message) {
		connection.alive();
		if (message.getType() != WebSocketMessage.Type.TEXT || connection.closing()) {
			return Mono.empty();
		}
		RateLimiter.Verdict verdict = connection.limiter().acquire(System.nanoTime());
		if (verdict == RateLimiter.Verdict.CLOSE) {
			connection.close(Connection.FLOODING);
			return Mono.empty();
		}
		if (verdict == RateLimiter.Verdict.DROP) {
			return Mono.empty();
		}
		if (verdict == RateLimiter.Verdict.REFUSE) {
			this.dispatcher.sendError(connection, this.codec.refOf(message.getPayloadAsText()),
					new ApiException(ErrorCode.RATE_LIMITED, "Too many frames; slow down"));
			return Mono.empty();
		}
		return this.dispatcher.dispatch(connection, message.getPayloadAsText());
	}

	/** Runs however the socket ended; the connection leaves the registry last, so shutdown can wait for it. */
	private Mono<Void> closed(Connection connection) {
		connection.completeOutbound();
		this.cap.release(connection);
		boolean lastHere = this.registry.connectionsOf(connection.userId()).stream().allMatch((c) -> c == connection);
		if (lastHere) {
			this.typing.stopAll(connection.userId());
		}
		return this.registry.unregister(connection)
			.then(this.presence.disconnected(connection.userId(), connection.id()))
			.flatMap(this.announcer::announce)
			.onErrorResume((error) -> {
				log.warn("Presence update failed on disconnect: {}", error.toString());
				return Mono.empty();
			})
			.doFinally((signal) -> this.registry.remove(connection));
	}

	private static CloseStatus closeStatusFor(Throwable error) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (t instanceof TooLongFrameException || t instanceof DataBufferLimitException) {
				return TOO_BIG;
			}
			if (t instanceof CorruptedFrameException) {
				String text = String.valueOf(t.getMessage()).toLowerCase();
				return (text.contains("length") || text.contains("big") || text.contains("large")) ? TOO_BIG
						: CloseStatus.PROTOCOL_ERROR;
			}
		}
		return CloseStatus.SERVER_ERROR;
	}

}
