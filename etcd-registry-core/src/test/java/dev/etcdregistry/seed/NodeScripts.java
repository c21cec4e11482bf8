package dev.etcdregistry.seed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import dev.etcdregistry.test.EtcdCluster;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Runs the Node.js scripts of {@code src/test/node} (the seed tutorial's code on the npm
 * {@code etcd3} package) from a copy in {@code target/seed-node}, where {@code npm ci} installs
 * {@code etcd3} once. Node.js and npm are required: without them the tests fail, they are not skipped.
 */
final class NodeScripts {

	private static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));

	private static final Path SOURCE = MODULE.resolve("src/test/node");

	private static final Path WORK = MODULE.resolve("target/seed-node");

	private static final String NPM = System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger RUNS = new AtomicInteger();

	private static boolean prepared;

	private NodeScripts() {
	}

	/** Checks for Node.js 18+ and npm, copies the scripts and installs {@code etcd3} unless already there. */
	static synchronized void prepare() throws IOException, InterruptedException {
		if (prepared) {
			return;
		}
		String version = run(Duration.ofSeconds(30), "node", "--version");
		run(Duration.ofSeconds(30), NPM, "--version");
		if (!version.matches("v(1[89]|[2-9]\\d|\\d{3,})\\..*")) {
			fail("Node.js " + version + " is too old for the seed-compatibility tests; install Node.js 18+ (with npm)");
		}
		Path lock = WORK.resolve("package-lock.json");
		boolean upToDate = Files.isDirectory(WORK.resolve("node_modules/etcd3")) && Files.exists(lock)
				&& Arrays.equals(Files.readAllBytes(lock), Files.readAllBytes(SOURCE.resolve("package-lock.json")));
		try (Stream<Path> files = Files.list(SOURCE)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				Files.copy(file, WORK.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
			}
		}
		if (!upToDate) {
			run(Duration.ofSeconds(100), NPM, "ci", "--no-audit", "--no-fund");
		}
		prepared = true;
	}

	/**
	 * Starts {@code node <script> --endpoints=... <args>}, as root when the cluster has auth on
	 * (the password goes through the environment, not the command line).
	 */
	static Script start(String script, EtcdCluster etcd, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of("node", script, "--endpoints=" + etcd.endpointsAsString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile());
		builder.environment().keySet().removeIf(name -> name.startsWith("ETCD_"));
		if (etcd.authEnabled()) {
			builder.environment().put("ETCD_USER", etcd.rootUser());
			builder.environment().put("ETCD_PASSWORD", etcd.rootPassword());
		}
		Path stderr = WORK.resolve("logs/" + script.replace(".js", "") + "-" + RUNS.incrementAndGet() + ".err");
		builder.redirectError(stderr.toFile());
		return new Script(String.join(" ", command), builder.start(), stderr);
	}

	/** Runs a command to its end and returns its stdout; fails, quoting its output, unless it exits 0 in time. */
	private static String run(Duration timeout, String... command) throws IOException, InterruptedException {
		Path output = Files.createDirectories(WORK.resolve("logs")).resolve(String.join("-", command) + ".log");
		Process process;
		try {
			process = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
				.redirectOutput(output.toFile()).start();
		}
		catch (IOException ex) {
			throw new AssertionError("Cannot run '" + command[0] + "' (" + ex.getMessage() + "): the seed-compatibility "
					+ "tests need Node.js 18+ with npm on the PATH; install Node.js 18+ from https://nodejs.org or "
					+ "your package manager (e.g. apt-get install nodejs npm) and run the build again", ex);
		}
		try {
			boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			String text = Files.readString(output).strip();
			if (!exited || process.exitValue() != 0) {
				fail("'" + String.join(" ", command) + "' in " + WORK + (exited ? " exited with " + process.exitValue()
						: " did not finish within " + timeout) + ":\n" + text);
			}
			return text;
		}
		finally {
			process.destroyForcibly();
		}
	}

	private static JsonNode parse(String line) {
		try {
			return JSON.readTree(line);
		}
		catch (JacksonException ex) {
			return JSON.missingNode();
		}
	}

	/** A running script: its stdout lines as they come, its stderr in a file, {@code stop} through stdin. */
	static final class Script implements AutoCloseable {

		private final String command;

		private final Process process;

		private final Path stderr;

		private final List<String> lines = new CopyOnWriteArrayList<>();

		private final Thread reader;

		Script(String command, Process process, Path stderr) {
			this.command = command;
			this.process = process;
			this.stderr = stderr;
			this.reader = new Thread(this::read, "stdout of " + command);
			this.reader.setDaemon(true);
			this.reader.start();
		}

		private void read() {
			try (BufferedReader in = this.process.inputReader(StandardCharsets.UTF_8)) {
				in.lines().forEach(this.lines::add);
			}
			catch (IOException | UncheckedIOException ex) {
				this.lines.add("(stdout unreadable: " + ex.getMessage() + ")");
			}
		}

		/** The JSON lines printed so far whose {@code event} is {@code type}, oldest first. */
		List<JsonNode> events(String type) {
			return this.lines.stream().filter(line -> line.startsWith("{")).map(NodeScripts::parse)
				.filter(node -> node.has("event") && type.equals(node.get("event").asString())).toList();
		}

		/** Waits for the first {@code type} event; fails at once, with the script's output, if it ends without one. */
		JsonNode awaitEvent(String type, Duration timeout) {
			await().atMost(timeout).untilAsserted(() -> {
				if (events(type).isEmpty() && !this.process.isAlive() && !this.reader.isAlive()) {
					throw new IllegalStateException("No '" + type + "' event from a finished script: " + describe());
				}
				assertThat(events(type)).as(() -> "'" + type + "' event from " + describe()).isNotEmpty();
			});
			return events(type).get(0);
		}

		void send(String line) throws IOException {
			Writer stdin = this.process.outputWriter(StandardCharsets.UTF_8);
			stdin.write(line + "\n");
			stdin.flush();
		}

		/** Waits for the script to end; fails, with its output, unless it exits 0 in time. */
		void awaitSuccess(Duration timeout) throws InterruptedException {
			boolean exited = this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(exited && this.process.exitValue() == 0).as(() -> "exit 0 within " + timeout + " of " + describe())
				.isTrue();
		}

		/** Kills the script like a crash: no lease revoke, no goodbye. */
		void kill() {
			close();
		}

		/** The command, its state, stdout and stderr, for assertion messages. */
		String describe() {
			String errors;
			try {
				errors = Files.readString(this.stderr).strip();
			}
			catch (IOException ex) {
				errors = "(unreadable: " + ex.getMessage() + ")";
			}
			return "[" + this.command + "] " + (this.process.isAlive() ? "still running"
					: "exited with " + this.process.exitValue()) + "\n--- stdout:\n" + String.join("\n", this.lines)
					+ "\n--- stderr:\n" + errors;
		}

		@Override
		public void close() {
			try {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
