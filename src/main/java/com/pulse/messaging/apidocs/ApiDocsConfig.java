package com.pulse.messaging.apidocs;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.pulse.messaging.auth.AuthenticatedUser;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} as the API is on the wire: snake_case fields (springdoc
 * models types with its own Jackson 2 mapper, which the service's Jackson 3 settings do not reach), the
 * bearer JWT every call needs, and no trace of the resolved caller, which comes from the token.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfig {

	private static final String BEARER = "bearer-jwt";

	static {
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(AuthenticatedUser.class);
	}

	@Bean
	ModelResolver snakeCaseModels() {
		return new ModelResolver(Json.mapper().copy().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));
	}

	@Bean
	OpenAPI messagingApi() {
		return new OpenAPI()
			.info(new Info().title("Pulse messaging service")
				.version("v1")
				.description("Direct and group chat: REST under /api/messages, WebSocket at /ws (see README)."))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

}
