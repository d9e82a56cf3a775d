package com.pulse.messaging.apidocs;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The AsyncAPI document (WebSocket frames and RabbitMQ events) at {@code /v3/asyncapi.yaml}, next to the OpenAPI
 * one and, like it, without a token. The file is {@code docs/asyncapi.yaml}, copied onto the class path by the
 * build, so the repository and the running service serve the same text.
 */
@Configuration(proxyBeanMethods = false)
class AsyncApiConfig {

	static final String PATH = "/v3/asyncapi.yaml";

	private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	@Bean
	RouterFunction<ServerResponse> asyncApiDocument() {
		Resource document = new ClassPathResource("apidocs/asyncapi.yaml");
		return RouterFunctions.route()
			.GET(PATH, (request) -> ServerResponse.ok().contentType(YAML).bodyValue(document))
			.build();
	}

}
