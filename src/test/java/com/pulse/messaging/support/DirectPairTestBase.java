package com.pulse.messaging.support;

import org.junit.jupiter.api.BeforeEach;

/** An integration test that starts each case with two fresh users in a direct conversation. */
public abstract class DirectPairTestBase extends IntegrationTestBase {

	protected ApiClient api;

	protected String alice;

	protected String bob;

	protected String conversation;

	@BeforeEach
	void directPair() {
		this.api = new ApiClient(this.webTestClient, this.port);
		this.alice = Tokens.newUser();
		this.bob = Tokens.newUser();
		this.conversation = this.api.direct(this.alice, this.bob);
	}

}
