package com.pulse.messaging.system;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Shared infrastructure beans. */
@Configuration(proxyBeanMethods = false)
class SystemConfig {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
