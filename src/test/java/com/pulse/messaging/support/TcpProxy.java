package com.pulse.messaging.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small TCP proxy for fault tests: listens on a free port of 127.0.0.1 and forwards every connection to
 * a target. {@link #cut()} closes every open connection and drops new ones (accepted, then closed at
 * once) until {@link #heal()}; {@link #delay(Duration)} holds every chunk sent towards the target for a
 * while, like a slow network or a slow server. Runs on its own daemon threads with blocking sockets.
 * <pre>
 * try (TcpProxy proxy = TcpProxy.to(BackingServices.redis())) {
 *     // point the client at 127.0.0.1:proxy.port()
 *     proxy.cut();
 *     proxy.heal();
 * }
 * </pre>
 */
public final class TcpProxy implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TcpProxy.class);

	private static final AtomicInteger ids = new AtomicInteger();

	private final String targetHost;

	private final int targetPort;

	private final ServerSocket server;

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	private final String name;

	private volatile boolean cut;

	private volatile long delayNanos;

	private volatile boolean closed;

	/** Starts a proxy on a free port of 127.0.0.1 forwarding to {@code targetHost:targetPort}. */
	public TcpProxy(String targetHost, int targetPort) {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.name = "tcp-proxy-" + ids.incrementAndGet() + "->" + targetHost + ":" + targetPort;
		try {
			this.server = new ServerSocket();
			this.server.setReuseAddress(true);
			this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Thread acceptor = new Thread(this::acceptLoop, this.name + "-accept");
		acceptor.setDaemon(true);
		acceptor.start();
		log.info("TCP proxy 127.0.0.1:{} -> {}:{}", port(), targetHost, targetPort);
	}

	/** Starts a proxy in front of a resolved backend. */
	public static TcpProxy to(BackingServices.Endpoint target) {
		return new TcpProxy(target.host(), target.port());
	}

	/** The local port clients connect to. */
	public int port() {
		return this.server.getLocalPort();
	}

	/** Host clients connect to: {@code 127.0.0.1}. */
	public String host() {
		return "127.0.0.1";
	}

	/** {@code 127.0.0.1:port}. */
	public String address() {
		return host() + ":" + port();
	}

	/** Number of connections currently forwarded. */
	public int activeConnections() {
		return this.connections.size();
	}

	/** Whether the proxy is cut. */
	public boolean isCut() {
		return this.cut;
	}

	/** Closes every open connection and drops every new one until {@link #heal()}. */
	public void cut() {
		this.cut = true;
		closeConnections();
		log.info("TCP proxy {} cut", address());
	}

	/** Holds every chunk sent towards the target this long before forwarding it (zero: no delay). */
	public void delay(Duration delay) {
		this.delayNanos = delay.toNanos();
		log.info("TCP proxy {} delays requests by {} ms", address(), delay.toMillis());
	}

	/** Forwards new connections again. */
	public void heal() {
		this.cut = false;
		log.info("TCP proxy {} healed", address());
	}

	/** Stops listening and closes every connection. */
	@Override
	public void close() {
		this.closed = true;
		this.cut = true;
		closeQuietly(this.server);
		closeConnections();
	}

	private void closeConnections() {
		for (Connection connection : this.connections) {
			connection.abort();
		}
	}

	private void acceptLoop() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				if (!this.closed) {
					log.warn("TCP proxy {} stopped accepting: {}", this.name, ex.toString());
				}
				return;
			}
			if (this.cut) {
				abort(client);
				continue;
			}
			Thread opener = new Thread(() -> open(client), this.name + "-open");
			opener.setDaemon(true);
			opener.start();
		}
	}

	private void open(Socket client) {
		Socket upstream = new Socket();
		try {
			client.setTcpNoDelay(true);
			upstream.setTcpNoDelay(true);
			upstream.connect(new InetSocketAddress(this.targetHost, this.targetPort), 5000);
		}
		catch (IOException ex) {
			log.debug("TCP proxy {} could not reach the target: {}", this.name, ex.toString());
			closeQuietly(upstream);
			abort(client);
			return;
		}
		Connection connection = new Connection(client, upstream);
		this.connections.add(connection);
		if (this.cut) { // cut while connecting
			connection.abort();
			return;
		}
		connection.start();
	}

	/** Closes with a reset (SO_LINGER 0) so the client notices at once. */
	private static void abort(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (SocketException ignored) {
			// closing anyway
		}
		closeQuietly(socket);
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ignored) {
			// nothing to do
		}
	}

	private final class Connection {

		private final Socket client;

		private final Socket upstream;

		private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

		private final AtomicInteger halfClosed = new AtomicInteger();

		Connection(Socket client, Socket upstream) {
			this.client = client;
			this.upstream = upstream;
		}

		void start() {
			pump(this.client, this.upstream, "up", true);
			pump(this.upstream, this.client, "down", false);
		}

		private void pump(Socket from, Socket to, String direction, boolean delayed) {
			Thread thread = new Thread(() -> {
				byte[] buffer = new byte[16 * 1024];
				try {
					InputStream in = from.getInputStream();
					OutputStream out = to.getOutputStream();
					int read;
					while ((read = in.read(buffer)) >= 0) {
						long delay = TcpProxy.this.delayNanos;
						if (delayed && delay > 0) {
							java.util.concurrent.locks.LockSupport.parkNanos(delay);
						}
						out.write(buffer, 0, read);
						out.flush();
					}
					// end of stream: pass the half-close on, finish when both directions have ended
					to.shutdownOutput();
					if (this.halfClosed.incrementAndGet() == 2) {
						end(false);
					}
				}
				catch (IOException ex) {
					end(false); // the connection failed or was cut
				}
			}, TcpProxy.this.name + "-" + direction);
			thread.setDaemon(true);
			thread.start();
		}

		/** Cut: both sides see a reset at once. */
		void abort() {
			end(true);
		}

		/** One side ended: close both (gracefully, so data already forwarded is still delivered). */
		private void end(boolean reset) {
			if (this.closed.compareAndSet(false, true)) {
				if (reset) {
					TcpProxy.abort(this.client);
					TcpProxy.abort(this.upstream);
				}
				else {
					closeQuietly(this.client);
					closeQuietly(this.upstream);
				}
				TcpProxy.this.connections.remove(this);
			}
		}

	}

}
