package com.pulse.messaging.auth;

import java.time.Duration;
import java.util.List;

import com.pulse.messaging.system.ApiException;
import com.pulse.messaging.system.ErrorCode;
import com.pulse.messaging.system.ProblemDetails;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * The one security filter chain: a JWT on {@code /api/**} and the {@code /ws} handshake (paths matched as the
 * router matches them, so no other spelling of them gets by), everything else open (health, metrics, the
 * API document; unknown routes are 404). Stateless: no session, no CSRF token, no saved request. Failures
 * are the contract's problem details.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfig {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
			List<AuthenticationListener> listeners, ProblemDetails problems, CorsProperties cors) {
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> problems.write(exchange,
				new ApiException(ErrorCode.UNAUTHORIZED, "A valid bearer token is required"));
		ServerAccessDeniedHandler forbidden = (exchange, ex) -> problems.write(exchange,
				new ApiException(ErrorCode.FORBIDDEN, "Not allowed"));
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			// Cache-Control is ApiHeaders' (no-store on every API answer, errors before this chain included)
			.headers((headers) -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable))
			.cors((spec) -> spec.configurationSource(corsSource(cors)))
			.authorizeExchange((exchanges) -> exchanges.pathMatchers(HttpMethod.OPTIONS, "/api/**")
				.permitAll()
				.pathMatchers("/api", "/api/**", "/ws")
				.authenticated()
				.anyExchange()
				.permitAll())
			.exceptionHandling((handling) -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
			.oauth2ResourceServer((server) -> server.bearerTokenConverter(new BearerTokens())
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(forbidden)
				.jwt((jwt) -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(principals(listeners))))
			.build();
	}

	/** The caller from a checked token; listeners (the user cache) learn the name claims. */
	private static Converter<Jwt, Mono<AbstractAuthenticationToken>> principals(List<AuthenticationListener> listeners) {
		return (jwt) -> {
			UserPrincipal principal = JwtVerifier.principal(jwt);
			Mono<Void> notify = Mono.empty();
			for (AuthenticationListener listener : listeners) {
				notify = notify.then(listener.authenticated(principal.user()).onErrorComplete());
			}
			return notify.thenReturn(principal);
		};
	}

	private static CorsConfigurationSource corsSource(CorsProperties properties) {
		CorsConfiguration api = new CorsConfiguration();
		api.setAllowedOrigins(properties.allowedOrigins().stream().map(String::strip).filter((o) -> !o.isEmpty()).toList());
		api.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
		api.setAllowedHeaders(List.of("Authorization", "Content-Type"));
		api.setExposedHeaders(List.of("Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
				"WWW-Authenticate"));
		api.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/api/**", api);
		return source;
	}

	/**
	 * Spring Security's strict firewall: a path with {@code ;} parameters, an encoded slash, period or
	 * percent, a backslash or {@code //} is refused before anything else sees it.
	 */
	@Bean
	ServerWebExchangeFirewall firewall() {
		return new StrictServerWebExchangeFirewall();
	}

	/** A spelling of a path the firewall refuses is a route the service does not have: 404. */
	@Bean
	ServerExchangeRejectedHandler exchangeRejectedHandler(ProblemDetails problems) {
		return (exchange, ex) -> problems.write(exchange, ApiException.notFound("Resource"));
	}

}
