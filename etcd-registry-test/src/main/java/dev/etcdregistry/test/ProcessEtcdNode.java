package dev.etcdregistry.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An etcd member running as a child process of this JVM. */
final class ProcessEtcdNode implements EtcdNode {

	private static final Logger log = LoggerFactory.getLogger(ProcessEtcdNode.class);

	private static final long STOP_TIMEOUT_SECONDS = 10;

	private final EtcdCluster cluster;

	private final Path binary;

	private final String name;

	private final int clientPort;

	private final int peerPort;

	private final Path dataDir;

	private final Path logFile;

	private final List<String> extraArgs;

	private volatile String initialCluster;

	private volatile String clusterToken;

	private volatile String clusterState = "new";

	private volatile Process process;

	/** Set while the process is frozen with SIGSTOP. */
	private volatile boolean paused;

	/** Where the current run's output starts in the log file, so errors quote this run only. */
	private volatile long logOffset;

	ProcessEtcdNode(EtcdCluster cluster, Path binary, String name, int clientPort, int peerPort, Path nodeDir,
			List<String> extraArgs) {
		this.cluster = cluster;
		this.binary = binary;
		this.name = name;
		this.clientPort = clientPort;
		this.peerPort = peerPort;
		this.dataDir = nodeDir.resolve("data");
		this.logFile = nodeDir.resolve("etcd.log");
		this.extraArgs = List.copyOf(extraArgs);
	}

	/** Sets the bootstrap flags; they only matter while the data directory is empty. */
	void bootstrap(String initialCluster, String clusterToken, String clusterState) {
		this.initialCluster = initialCluster;
		this.clusterToken = clusterToken;
		this.clusterState = clusterState;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public String clientEndpoint() {
		return this.cluster.scheme() + "://127.0.0.1:" + this.clientPort;
	}

	@Override
	public String peerUrl() {
		return "http://127.0.0.1:" + this.peerPort;
	}

	@Override
	public boolean isRunning() {
		Process current = this.process;
		return current != null && current.isAlive();
	}

	@Override
	public boolean isHealthy() {
		return isRunning() && Readiness.isHealthy(clientEndpoint(), this.cluster.healthClient());
	}

	@Override
	public synchronized void stop() {
		Process current = this.process;
		if (current == null) {
			return;
		}
		// a frozen process would only see the SIGTERM after the stop timeout
		resume();
		current.destroy();
		if (!waitFor(current)) {
			log.warn("etcd node {} did not exit within {} s of SIGTERM; killing it", this.name, STOP_TIMEOUT_SECONDS);
			current.destroyForcibly();
			waitFor(current);
		}
		exited(current);
	}

	@Override
	public synchronized void kill() {
		Process current = this.process;
		if (current == null) {
			return;
		}
		current.destroyForcibly();
		waitFor(current);
		exited(current);
	}

	@Override
	public void start() {
		launch();
		Readiness.awaitAll(List.of(this), EtcdNode::isHealthy, "healthy");
	}

	@Override
	public void startNoWait() {
		launch();
		Readiness.awaitAll(List.of(this), (node) -> Readiness.isListening("127.0.0.1", this.clientPort),
				"listening on its client port");
	}

	@Override
	public synchronized void pause() {
		Process current = this.process;
		if (current == null || !current.isAlive()) {
			throw new IllegalStateException("etcd node " + this.name + " is not running; start it before pausing it");
		}
		Signals.send(current, "STOP", "etcd node " + this.name);
		this.paused = true;
	}

	@Override
	public synchronized void resume() {
		Process current = this.process;
		if (this.paused && current != null && current.isAlive()) {
			Signals.send(current, "CONT", "etcd node " + this.name);
		}
		this.paused = false;
	}

	@Override
	public void restart() {
		stop();
		start();
	}

	@Override
	public void wipe() {
		new NodeWiper(this.cluster).wipe(this);
	}

	@Override
	public OptionalLong pid() {
		Process current = this.process;
		return (current != null && current.isAlive()) ? OptionalLong.of(current.pid()) : OptionalLong.empty();
	}

	@Override
	public Path dataDir() {
		return this.dataDir;
	}

	@Override
	public Path logFile() {
		return this.logFile;
	}

	/** Starts the process without waiting for it; does nothing when it is already running. */
	synchronized void launch() {
		if (isRunning()) {
			return;
		}
		try {
			Files.createDirectories(this.logFile.getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create " + this.logFile.getParent(), ex);
		}
		this.logOffset = TempFiles.size(this.logFile);
		List<String> command = EtcdCommandLine.command(this.binary, this.name, this.dataDir, clientEndpoint(), peerUrl(),
				this.initialCluster, this.clusterState, this.clusterToken, this.extraArgs);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(Redirect.appendTo(this.logFile.toFile()));
		EtcdCommandLine.sanitize(builder.environment());
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + this.binary + ": " + ex.getMessage(), ex);
		}
		ProcessReaper.register(this.process);
		log.debug("Started etcd node {} (pid {}) at {}", this.name, this.process.pid(), clientEndpoint());
	}

	/** Fails when the process was launched and has exited since; quotes what it logged. */
	void throwIfExited() {
		Process current = this.process;
		if (current == null || current.isAlive()) {
			return;
		}
		String output = TempFiles.readFrom(this.logFile, this.logOffset);
		String message = "etcd node " + this.name + " exited with code " + current.exitValue() + ". " + describeLog();
		exited(current);
		if (output.contains("address already in use")) {
			throw new PortInUseException(message);
		}
		throw new IllegalStateException(message);
	}

	String describeLog() {
		return "Last lines of " + this.logFile + ":" + System.lineSeparator()
				+ TempFiles.tail(TempFiles.readFrom(this.logFile, this.logOffset));
	}

	private void exited(Process current) {
		ProcessReaper.unregister(current);
		this.paused = false;
		if (this.process == current) {
			this.process = null;
		}
	}

	private static boolean waitFor(Process process) {
		try {
			return process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}
}
