package com.pulse.messaging.support;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Prints every thread's stack when one test runs for longer than any test should (20 s), so a rare hang (a
 * request that never gets an answer) leaves the evidence of where it waits in the test log. It changes no
 * outcome. Registered for every test class like {@link BlockHoundExtension}.
 */
public final class StallWatchdogExtension implements BeforeEachCallback, AfterEachCallback {

	private static final long STALL_SECONDS = 20;

	private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "stall-watchdog");
		thread.setDaemon(true);
		return thread;
	});

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StallWatchdogExtension.class);

	@Override
	public void beforeEach(ExtensionContext context) {
		String test = context.getDisplayName() + " in " + context.getRequiredTestClass().getSimpleName();
		ScheduledFuture<?> alarm = WATCHDOG.schedule(() -> dumpThreads(test), STALL_SECONDS, TimeUnit.SECONDS);
		context.getStore(NAMESPACE).put("alarm", alarm);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		ScheduledFuture<?> alarm = context.getStore(NAMESPACE).remove("alarm", ScheduledFuture.class);
		if (alarm != null) {
			alarm.cancel(false);
		}
	}

	private static void dumpThreads(String test) {
		StringBuilder dump = new StringBuilder("STALL: " + test + " has run for " + STALL_SECONDS + " s; threads:\n");
		for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			dump.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
			if (info.getLockName() != null) {
				dump.append(" on ").append(info.getLockName());
			}
			if (info.getLockOwnerName() != null) {
				dump.append(" owned by \"").append(info.getLockOwnerName()).append('"');
			}
			dump.append('\n');
			for (StackTraceElement frame : info.getStackTrace()) {
				dump.append("    at ").append(frame).append('\n');
			}
		}
		System.out.println(dump);
	}

}
