package com.pulse.messaging.support;

import java.util.concurrent.atomic.AtomicBoolean;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Installs BlockHound once per test JVM, with the integrations found on the class path (Reactor, Netty,
 * ...). {@code BlockHound.install(...)} is used on purpose: {@code builder().install()} would skip those
 * integrations and so flag nothing on Reactor and Netty threads.
 */
public final class BlockHoundInstaller {

	private static final AtomicBoolean installed = new AtomicBoolean();

	private BlockHoundInstaller() {
	}

	/** Installs BlockHound unless it is already installed. */
	public static void install() {
		if (installed.compareAndSet(false, true)) {
			BlockHound.install(allowances());
		}
	}

	/** Whether {@link #install()} has run in this JVM. */
	public static boolean isInstalled() {
		return installed.get();
	}

	/** Known-benign blocking spots that are not the service's own code. */
	static BlockHoundIntegration allowances() {
		return (builder) -> builder
			// every detection is printed before it is thrown: a library that swallows the error (and then never
			// answers) would otherwise leave no trace of it
			.blockingMethodCallback((method) -> {
				BlockingOperationError error = new BlockingOperationError(method);
				error.printStackTrace();
				throw error;
			})
			// mongo-java-server (test infrastructure) serves requests on Netty event-loop threads, which
			// BlockHound watches; its backends take locks and the H2 backend does file I/O.
			.allowBlockingCallsInside("de.bwaldvogel.mongo.wire.MongoDatabaseHandler", "channelRead0")
			.allowBlockingCallsInside("de.bwaldvogel.mongo.wire.MongoDatabaseHandler", "channelActive")
			.allowBlockingCallsInside("de.bwaldvogel.mongo.wire.MongoDatabaseHandler", "channelInactive")
			// SecureRandom may read /dev/urandom under a lock the first time
			.allowBlockingCallsInside("java.util.UUID", "randomUUID")
			// the MongoDB driver runs on Netty (Boot 4) and guards its connection state with short internal
			// locks; BlockHound would throw inside the driver on contention and leave the connection hanging
			.allowBlockingCallsInside("com.mongodb.internal.Locks", "checkedWithLock")
			.allowBlockingCallsInside("com.mongodb.internal.Locks", "checkedWithInterruptibleLock")
			.allowBlockingCallsInside("com.mongodb.internal.connection.netty.NettyStream", "handleReadResponse")
			.allowBlockingCallsInside("com.mongodb.internal.connection.netty.NettyStream", "readAsync")
			.allowBlockingCallsInside("com.mongodb.internal.connection.netty.NettyStream", "close")
			// Jackson builds each (de)serializer once under a ReentrantLock; concurrent first requests of one
			// type park on it for microseconds (seen as lost requests under concurrent sends)
			.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer")
			// Netty 4.2's adaptive buffer allocator takes a StampedLock when it grows or frees a magazine under
			// contention: microseconds, inside Netty itself
			.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
			.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free")
			// Lettuce 6.x guards a connection's writers with a short ReentrantLock (SharedLock); event loops that
			// write to one connection at once park on it for microseconds, more while it reconnects
			.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
			.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "decrementWriters")
			.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive")
			// class loading and logging configuration read jars and files once
			.allowBlockingCallsInside("java.lang.ClassLoader", "loadClass")
			// springdoc builds the API document once under a lock; a request racing the start-up build waits for it
			.allowBlockingCallsInside("org.springdoc.api.AbstractOpenApiResource", "getOpenApi");
	}

}
