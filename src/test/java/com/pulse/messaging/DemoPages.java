package com.pulse.messaging;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.config.ResourceHandlerRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The local run only: serves the built web demo ({@code clients/web-demo/dist}, or {@code pulse.demo.dir}) at
 * {@code /demo/} when that folder exists. On the test classpath, so never in the production jar; {@code /demo/**}
 * is outside the token check, which covers {@code /api/**} and {@code /ws} only.
 */
@TestConfiguration(proxyBeanMethods = false)
class DemoPages {

	static final String DIR_PROPERTY = "pulse.demo.dir";

	private static final Logger log = LoggerFactory.getLogger(DemoPages.class);

	static Path folder(Environment environment) {
		return Path.of(environment.getProperty(DIR_PROPERTY, "clients/web-demo/dist")).toAbsolutePath().normalize();
	}

	static boolean available(Environment environment) {
		return Files.isRegularFile(folder(environment).resolve("index.html"));
	}

	@Bean
	WebFluxConfigurer demoResources(Environment environment) {
		Path folder = folder(environment);
		boolean available = available(environment);
		if (!available) {
			log.info("No web demo at {} (build it: cd clients/web-demo && npm ci && npm run build)", folder);
		}
		return new WebFluxConfigurer() {
			@Override
			public void addResourceHandlers(ResourceHandlerRegistry registry) {
				if (available) {
					registry.addResourceHandler("/demo/**")
						.addResourceLocations(folder.toUri().toString())
						.setCacheControl(CacheControl.noCache());
				}
			}
		};
	}

	@Bean
	RouterFunction<ServerResponse> demoIndex(Environment environment) {
		FileSystemResource index = new FileSystemResource(folder(environment).resolve("index.html"));
		return RouterFunctions
			.route(RequestPredicates.GET("/demo"), (request) -> ServerResponse.permanentRedirect(URI.create("/demo/")).build())
			.andRoute(RequestPredicates.GET("/demo/"), (request) -> index.exists()
					? ServerResponse.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noCache()).bodyValue(index)
					: ServerResponse.notFound().build());
	}

}
