package com.pulse.messaging;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Pulse messaging service: direct and group chat over REST and WebSocket, events over RabbitMQ. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class MessagingApplication {

	public static void main(String[] args) {
		SpringApplication.run(MessagingApplication.class, args);
	}

}
