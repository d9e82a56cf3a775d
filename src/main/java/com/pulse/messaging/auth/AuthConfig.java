package com.pulse.messaging.auth;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.server.ServerWebExchange;

/** Lets handler methods take an {@link AuthenticatedUser} parameter. */
@Configuration(proxyBeanMethods = false)
class AuthConfig implements WebFluxConfigurer {

	@Override
	public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
		configurer.addCustomResolver(new HandlerMethodArgumentResolver() {
			@Override
			public boolean supportsParameter(MethodParameter parameter) {
				return AuthenticatedUser.class.equals(parameter.getParameterType());
			}

			@Override
			public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext context,
					ServerWebExchange exchange) {
				// every route taking a user sits behind the security chain; reaching here without one is a bug
				return exchange.getPrincipal()
					.ofType(UserPrincipal.class)
					.<Object>map(UserPrincipal::user)
					.switchIfEmpty(Mono.error(() -> new IllegalStateException("no authenticated user on this exchange")));
			}
		});
	}

}
