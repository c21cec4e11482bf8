package dev.etcdregistry.test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A single etcd node in a Docker container, for machines without an etcd binary. The client
 * port is bound to a fixed host port so that the endpoint survives a stop and start, which go
 * through Docker directly: Testcontainers' own {@code stop()} removes the container.
 */
final class ContainerEtcdNode implements EtcdNode {

	private static final int CLIENT_PORT = 2379;

	private static final String DATA_DIR = "/etcd-data";

	private final EtcdCluster cluster;

	private final String image;

	private final int hostPort;

	private final Path logFile;

	private final List<String> extraArgs;

	private final ContainerLog log;

	private GenericContainer<?> container;

	private ContainerEtcdNode(EtcdCluster cluster, String image, int hostPort, Path logFile, List<String> extraArgs) {
		this.cluster = cluster;
		this.image = image;
		this.hostPort = hostPort;
		this.logFile = logFile;
		this.log = new ContainerLog(logFile);
		this.extraArgs = List.copyOf(extraArgs);
	}

	static boolean isDockerAvailable() {
		return DockerClientFactory.instance().isDockerAvailable();
	}

	/** Creates and starts the node; returns once it is healthy. */
	static EtcdNode start(EtcdCluster cluster, String image, Path baseDir, int hostPort, List<String> extraArgs) {
		ContainerEtcdNode node = new ContainerEtcdNode(cluster, image, hostPort, baseDir.resolve("n1.log"), extraArgs);
		node.createAndStart();
		return node;
	}

	@Override
	public String name() {
		return "n1";
	}

	@Override
	public String clientEndpoint() {
		return "http://" + this.container.getHost() + ":" + this.hostPort;
	}

	@Override
	public String peerUrl() {
		// peers talk inside the container; a single node has none
		return "http://127.0.0.1:2380";
	}

	@Override
	public synchronized boolean isRunning() {
		Boolean running = docker().inspectContainerCmd(this.container.getContainerId()).exec().getState().getRunning();
		return Boolean.TRUE.equals(running);
	}

	@Override
	public boolean isHealthy() {
		return Readiness.isHealthy(clientEndpoint(), this.cluster.healthClient());
	}

	@Override
	public synchronized void stop() {
		resume();
		if (isRunning()) {
			docker().stopContainerCmd(this.container.getContainerId()).withTimeout(10).exec();
		}
	}

	@Override
	public synchronized void kill() {
		if (isRunning()) {
			docker().killContainerCmd(this.container.getContainerId()).withSignal("KILL").exec();
		}
	}

	@Override
	public synchronized void start() {
		startNoWait();
		awaitHealthy();
	}

	@Override
	public synchronized void startNoWait() {
		if (!isRunning()) {
			Instant since = Instant.now();
			docker().startContainerCmd(this.container.getContainerId()).exec();
			this.log.follow(docker(), this.container.getContainerId(), since);
		}
	}

	@Override
	public synchronized void pause() {
		if (!isRunning()) {
			throw new IllegalStateException("etcd node n1 is not running; start it before pausing it");
		}
		docker().pauseContainerCmd(this.container.getContainerId()).exec();
	}

	@Override
	public synchronized void resume() {
		if (Boolean.TRUE.equals(docker().inspectContainerCmd(this.container.getContainerId()).exec().getState().getPaused())) {
			docker().unpauseContainerCmd(this.container.getContainerId()).exec();
		}
	}

	@Override
	public void restart() {
		stop();
		start();
	}

	@Override
	public synchronized void wipe() {
		// a new container is a brand-new one-node cluster: no data, revisions from the start
		this.container.stop();
		createAndStart();
		if (this.cluster.authEnabled()) {
			AuthBootstrap.enable(this.cluster, List.of(clientEndpoint()));
		}
	}

	@Override
	public OptionalLong pid() {
		// the process lives in Docker's namespace (often another VM), not ours to signal
		return OptionalLong.empty();
	}

	@Override
	public Path dataDir() {
		return Path.of(DATA_DIR);
	}

	@Override
	public Path logFile() {
		return this.logFile;
	}

	/** Removes the container; idempotent. */
	synchronized void close() {
		if (this.container != null) {
			this.container.stop();
		}
	}

	private void createAndStart() {
		GenericContainer<?> created = new GenericContainer<>(DockerImageName.parse(this.image));
		created.withCommand(command().toArray(String[]::new))
			.withExposedPorts(CLIENT_PORT)
			.withCreateContainerCmdModifier((cmd) -> Objects.requireNonNull(cmd.getHostConfig())
				.withPortBindings(new PortBinding(Ports.Binding.bindPort(this.hostPort), ExposedPort.tcp(CLIENT_PORT))))
			.withLogConsumer((frame) -> this.log.append(frame.getBytes()))
			.withStartupTimeout(Duration.ofSeconds(120));
		this.container = created;
		created.start();
		awaitHealthy();
	}

	private List<String> command() {
		List<String> command = new ArrayList<>(List.of("/usr/local/bin/etcd",
				"--name=n1",
				"--data-dir=" + DATA_DIR,
				"--listen-client-urls=http://0.0.0.0:" + CLIENT_PORT,
				"--advertise-client-urls=http://127.0.0.1:" + this.hostPort,
				"--listen-peer-urls=http://127.0.0.1:2380",
				"--initial-advertise-peer-urls=" + peerUrl(),
				"--initial-cluster=n1=" + peerUrl(),
				"--initial-cluster-state=new",
				"--initial-cluster-token=" + ProcessClusterLauncher.newClusterToken(),
				"--heartbeat-interval=50",
				"--election-timeout=500"));
		command.addAll(this.extraArgs);
		return command;
	}

	private void awaitHealthy() {
		long deadline = System.nanoTime() + Readiness.START_TIMEOUT.toNanos();
		while (!isHealthy()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("etcd container " + this.container.getContainerId() + " ("
						+ clientEndpoint() + ") did not become healthy within " + Readiness.START_TIMEOUT.toSeconds()
						+ " s. Last lines of " + this.logFile + ":" + System.lineSeparator()
						+ TempFiles.tail(TempFiles.readFrom(this.logFile, 0)));
			}
			Futures.pause(Duration.ofMillis(50));
		}
	}

	private DockerClient docker() {
		return DockerClientFactory.instance().client();
	}
}
