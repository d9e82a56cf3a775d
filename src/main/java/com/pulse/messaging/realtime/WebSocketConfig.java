package com.pulse.messaging.realtime;

import java.util.Map;

import reactor.netty.http.server.WebsocketServerSpec;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

/** {@code /ws}: the handler and the 64 KiB message limit. */
@Configuration(proxyBeanMethods = false)
class WebSocketConfig implements WebFluxConfigurer {

	private final RealtimeProperties properties;

	WebSocketConfig(RealtimeProperties properties) {
		this.properties = properties;
	}

	@Bean
	HandlerMapping webSocketMapping(ChatWebSocketHandler handler) {
		return new SimpleUrlHandlerMapping(Map.of("/ws", handler), -1);
	}

	@Override
	public WebSocketService getWebSocketService() {
		ReactorNettyRequestUpgradeStrategy upgrade = new ReactorNettyRequestUpgradeStrategy(
				() -> WebsocketServerSpec.builder().maxFramePayloadLength(this.properties.maxFrameBytes()));
		return new HandshakeWebSocketService(upgrade);
	}

}
