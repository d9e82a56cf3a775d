package com.pulse.messaging.deploy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** The command-line tools the deployment checks use when a machine has them (kubectl, promtool). */
final class Commands {

	private Commands() {
	}

	static Optional<Path> onPath(String command) {
		String pathVariable = System.getenv("PATH");
		if (pathVariable == null) {
			return Optional.empty();
		}
		return Stream.of(pathVariable.split(File.pathSeparator))
			.map((dir) -> Path.of(dir, command))
			.filter(Files::isExecutable)
			.findFirst();
	}

}
