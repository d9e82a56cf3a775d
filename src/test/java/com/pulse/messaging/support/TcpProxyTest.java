package com.pulse.messaging.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The fault-test proxy forwards, cuts and heals real backend connections. */
class TcpProxyTest {

	@Test
	void redisThroughTheProxyFailsWhenCutAndRecoversWhenHealed() {
		try (TcpProxy proxy = TcpProxy.to(BackingServices.redis())) {
			RedisClient client = RedisClient.create(RedisURI.builder()
				.withHost(proxy.host())
				.withPort(proxy.port())
				.withTimeout(Duration.ofSeconds(1))
				.build());
			client.setOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(1)).build())
				.timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(1)))
				.build());
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				assertThat(connection.sync().ping()).isEqualTo("PONG");
				assertThat(proxy.activeConnections()).isEqualTo(1);

				proxy.cut();
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThatThrownBy(() -> connection.sync().ping()).isNotNull());
				assertThat(proxy.activeConnections()).isZero();

				proxy.heal();
				await().atMost(Duration.ofSeconds(20))
					.ignoreExceptions()
					.until(() -> "PONG".equals(connection.sync().ping()));
			}
			finally {
				client.shutdown(0, 2, TimeUnit.SECONDS);
			}
		}
	}

	@Test
	void mongoThroughTheProxyFailsWhenCutAndRecoversWhenHealed() {
		try (TcpProxy proxy = TcpProxy.to(BackingServices.mongo())) {
			MongoClientSettings settings = MongoClientSettings.builder()
				.applyConnectionString(new ConnectionString("mongodb://" + proxy.address() + "/messaging"))
				.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(1, TimeUnit.SECONDS))
				.applyToSocketSettings((socket) -> socket.connectTimeout(1, TimeUnit.SECONDS).readTimeout(2, TimeUnit.SECONDS))
				.build();
			try (MongoClient client = MongoClients.create(settings)) {
				Mono<Document> ping = Mono.from(client.getDatabase("admin").runCommand(new Document("ping", 1)));
				assertThat(ping.block(Duration.ofSeconds(10))).containsEntry("ok", 1.0);

				proxy.cut();
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThatThrownBy(() -> ping.block(Duration.ofSeconds(5))).isNotNull());

				proxy.heal();
				await().atMost(Duration.ofSeconds(20))
					.ignoreExceptions()
					.until(() -> ping.block(Duration.ofSeconds(5)) != null);
			}
		}
	}

	@Test
	void newConnectionsAreDroppedWhileCutAndForwardedAfterHeal() throws IOException {
		try (TcpProxy proxy = TcpProxy.to(BackingServices.redis())) {
			proxy.cut();
			assertThat(proxy.isCut()).isTrue();
			try (Socket socket = new Socket(proxy.host(), proxy.port())) {
				socket.setSoTimeout(5000);
				socket.getOutputStream().write("PING\r\n".getBytes());
				assertThatThrownBy(() -> {
					if (socket.getInputStream().read() < 0) {
						throw new IOException("closed");
					}
				}).isInstanceOf(IOException.class);
			}
			catch (IOException expected) {
				// the write itself may already see the reset
			}
			proxy.heal();
			try (Socket socket = new Socket(proxy.host(), proxy.port())) {
				socket.setSoTimeout(5000);
				socket.getOutputStream().write("PING\r\n".getBytes());
				assertThat(readLine(socket.getInputStream())).isEqualTo("+PONG");
			}
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = in.read()) >= 0 && c != '\r') {
			line.append((char) c);
		}
		return line.toString();
	}

}
