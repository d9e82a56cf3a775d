package com.pulse.messaging.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Installs BlockHound before the first test class runs. Registered for every test class through JUnit's
 * extension auto-detection ({@code META-INF/services/org.junit.jupiter.api.extension.Extension} and
 * {@code junit-platform.properties}), so no test has to ask for it. Auto-detected extensions run before the
 * Spring extension, so BlockHound is active while Spring contexts start.
 */
public final class BlockHoundExtension implements BeforeAllCallback {

	@Override
	public void beforeAll(ExtensionContext context) {
		BlockHoundInstaller.install();
	}

}
