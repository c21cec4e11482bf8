package dev.etcdregistry.test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Decides how a test gets etcd: an explicit binary, {@code -Detcd.binary}, {@code ETCD_BINARY},
 * {@code etcd} on the {@code PATH}, the usual install locations, and finally a container when
 * Docker is available. When none of these works it fails (a test without etcd must never be
 * skipped silently) with a message that says where it looked and how to get etcd.
 *
 * <p>All inputs are injected so that tests can prove the outcome on any machine.
 */
final class EtcdBinaryLocator {

	static final String PROPERTY = "etcd.binary";

	static final String ENVIRONMENT_VARIABLE = "ETCD_BINARY";

	static final List<Path> WELL_KNOWN_LOCATIONS = List.of(Path.of("/usr/bin/etcd"), Path.of("/usr/local/bin/etcd"),
			Path.of("/opt/homebrew/bin/etcd"));

	private final UnaryOperator<String> systemProperties;

	private final UnaryOperator<String> environment;

	private final Predicate<Path> isExecutable;

	private final BooleanSupplier dockerAvailable;

	EtcdBinaryLocator(UnaryOperator<String> systemProperties, UnaryOperator<String> environment,
			Predicate<Path> isExecutable, BooleanSupplier dockerAvailable) {
		this.systemProperties = systemProperties;
		this.environment = environment;
		this.isExecutable = isExecutable;
		this.dockerAvailable = dockerAvailable;
	}

	/** Looks at the real system properties, environment, file system and Docker. */
	static EtcdBinaryLocator standard() {
		return new EtcdBinaryLocator(System::getProperty, System::getenv,
				(path) -> Files.isRegularFile(path) && Files.isExecutable(path), DockerSupport::isDockerAvailable);
	}

	/**
	 * @param explicitBinary the binary the cluster builder was given, or {@code null}
	 * @return the runtime to start etcd with
	 * @throws IllegalStateException when etcd can't be found, or an explicitly named binary isn't executable
	 */
	EtcdRuntime locate(Path explicitBinary) {
		if (explicitBinary != null) {
			return new EtcdRuntime.Binary(requireExecutable(explicitBinary, "EtcdCluster.builder().binary(...)"));
		}
		Optional<String> property = nonBlank(this.systemProperties.apply(PROPERTY));
		if (property.isPresent()) {
			return new EtcdRuntime.Binary(requireExecutable(path(property.get()), "-D" + PROPERTY));
		}
		Optional<String> variable = nonBlank(this.environment.apply(ENVIRONMENT_VARIABLE));
		if (variable.isPresent()) {
			return new EtcdRuntime.Binary(requireExecutable(path(variable.get()), ENVIRONMENT_VARIABLE));
		}
		List<Path> candidates = new ArrayList<>(pathEntries());
		candidates.addAll(WELL_KNOWN_LOCATIONS);
		for (Path candidate : candidates) {
			if (this.isExecutable.test(candidate)) {
				return new EtcdRuntime.Binary(candidate);
			}
		}
		if (this.dockerAvailable.getAsBoolean()) {
			String image = nonBlank(this.systemProperties.apply(DockerSupport.IMAGE_PROPERTY))
				.orElse(DockerSupport.DEFAULT_IMAGE);
			return new EtcdRuntime.Container(image);
		}
		throw new IllegalStateException(notFoundMessage());
	}

	private List<Path> pathEntries() {
		String path = this.environment.apply("PATH");
		List<Path> entries = new ArrayList<>();
		if (path != null) {
			for (String directory : path.split(File.pathSeparator)) {
				if (!directory.isBlank()) {
					try {
						entries.add(Path.of(directory, "etcd"));
					}
					catch (InvalidPathException ex) {
						// a malformed PATH entry can't hold etcd; keep looking elsewhere
					}
				}
			}
		}
		return entries;
	}

	private Path requireExecutable(Path binary, String source) {
		if (!this.isExecutable.test(binary)) {
			throw new IllegalStateException("The etcd binary " + binary + " given by " + source
					+ " is not an executable file. Point it to the etcd server binary (etcd, not etcdctl).");
		}
		return binary;
	}

	private static Path path(String value) {
		try {
			return Path.of(value.trim());
		}
		catch (InvalidPathException ex) {
			throw new IllegalStateException("'" + value + "' is not a valid path to an etcd binary", ex);
		}
	}

	private String notFoundMessage() {
		String n = System.lineSeparator();
		return "No etcd found to run the test against. Looked at:" + n
				+ "  - system property " + PROPERTY + ": not set" + n
				+ "  - environment variable " + ENVIRONMENT_VARIABLE + ": not set" + n
				+ "  - 'etcd' in every PATH directory: " + Optional.ofNullable(this.environment.apply("PATH"))
					.orElse("(PATH not set)") + n
				+ "  - " + WELL_KNOWN_LOCATIONS.stream().map(Path::toString).reduce((a, b) -> a + ", " + b)
					.orElseThrow() + n
				+ "  - Docker: not available (needs a running Docker engine and org.testcontainers:testcontainers"
				+ " on the test classpath)" + n
				+ "Get etcd in one of these ways:" + n
				+ "  - Debian/Ubuntu: sudo apt-get install etcd-server etcd-client" + n
				+ "  - macOS: brew install etcd" + n
				+ "  - any OS: download etcd from https://github.com/etcd-io/etcd/releases and pass -D" + PROPERTY
				+ "=/path/to/etcd or set " + ENVIRONMENT_VARIABLE + "=/path/to/etcd" + n
				+ "  - or start a Docker engine (with org.testcontainers:testcontainers on the test classpath)"
				+ " to run etcd in a container";
	}

	private static Optional<String> nonBlank(String value) {
		return Optional.ofNullable(value).filter((text) -> !text.isBlank());
	}
}
