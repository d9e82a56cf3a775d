package com.pulse.messaging.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;

/**
 * The whole service on a random port with a {@code WebTestClient}. Extend {@link IntegrationTestBase}, which
 * carries this annotation and points the service at the backing services of {@link BackingServices}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
// presence sweeps often, so the tests of expired presence need not wait for the production interval; the REST
// rate limits are counted but high, so tests that send a lot are not refused (AbuseLimitsTest sets low ones)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "messaging.presence.sweep-interval=500ms", "messaging.rate-limit.send-rate=5000",
				"messaging.rate-limit.send-burst=20000", "messaging.rate-limit.api-rate=5000",
				"messaging.rate-limit.api-burst=20000" })
@AutoConfigureWebTestClient
@Import(TestHttpClient.class)
public @interface IntegrationTest {

}
