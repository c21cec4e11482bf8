package dev.etcdregistry.test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the nodes of a new cluster as local processes and waits until all are healthy. A free
 * port can be taken by someone else before etcd binds it; such a start is retried on new ports.
 */
final class ProcessClusterLauncher {

	private static final Logger log = LoggerFactory.getLogger(ProcessClusterLauncher.class);

	private static final int ATTEMPTS = 3;

	private final EtcdCluster cluster;

	private final Path binary;

	private final Path baseDir;

	private final PortAllocator ports;

	ProcessClusterLauncher(EtcdCluster cluster, Path binary, Path baseDir, PortAllocator ports) {
		this.cluster = cluster;
		this.binary = binary;
		this.baseDir = baseDir;
		this.ports = ports;
	}

	List<ProcessEtcdNode> launch(int size, List<String> extraArgs) {
		PortInUseException lastClash = null;
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			List<ProcessEtcdNode> nodes = createNodes(size, extraArgs);
			try {
				nodes.forEach(ProcessEtcdNode::launch);
				Readiness.awaitAll(nodes, EtcdNode::isHealthy, "healthy");
				return nodes;
			}
			catch (PortInUseException ex) {
				log.debug("etcd lost a port race (attempt {} of {}); retrying on new ports", attempt, ATTEMPTS, ex);
				nodes.forEach(ProcessEtcdNode::kill);
				lastClash = ex;
			}
			catch (RuntimeException ex) {
				nodes.forEach(ProcessEtcdNode::kill);
				throw ex;
			}
		}
		throw new IllegalStateException("etcd could not bind its ports in " + ATTEMPTS
				+ " attempts; other processes keep taking them. Last failure: " + lastClash.getMessage(), lastClash);
	}

	private List<ProcessEtcdNode> createNodes(int size, List<String> extraArgs) {
		Set<Integer> taken = new HashSet<>();
		List<ProcessEtcdNode> nodes = new ArrayList<>();
		for (int i = 1; i <= size; i++) {
			String name = "n" + i;
			Path nodeDir = this.baseDir.resolve(name);
			// a retried attempt starts from empty directories: etcd would reuse a half-made member
			TempFiles.deleteRecursively(nodeDir);
			nodes.add(new ProcessEtcdNode(this.cluster, this.binary, name, distinctPort(taken), distinctPort(taken),
					nodeDir, extraArgs));
		}
		String initialCluster = nodes.stream()
			.map((node) -> node.name() + "=" + node.peerUrl())
			.collect(Collectors.joining(","));
		String token = newClusterToken();
		nodes.forEach((node) -> node.bootstrap(initialCluster, token, "new"));
		return nodes;
	}

	private int distinctPort(Set<Integer> taken) {
		// the OS may hand back a port it just gave us, since each probe socket is closed at once
		for (int i = 0; i < 100; i++) {
			int port = this.ports.nextPort();
			if (taken.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException("The port allocator keeps returning ports that are already in use");
	}

	/**
	 * Kills every node, deletes its data and starts them again as a brand-new cluster on the same
	 * ports, waiting until all are healthy: what {@link EtcdCluster#wipe()} does before auth.
	 * @throws UnsupportedOperationException when a node is not a local process
	 */
	static void relaunchEmpty(List<EtcdNode> nodes) {
		List<ProcessEtcdNode> processes = new ArrayList<>();
		for (EtcdNode node : nodes) {
			if (!(node instanceof ProcessEtcdNode process)) {
				throw new UnsupportedOperationException("Wiping a whole cluster needs local etcd processes");
			}
			processes.add(process);
		}
		processes.forEach(ProcessEtcdNode::kill);
		String initialCluster = processes.stream()
			.map((node) -> node.name() + "=" + node.peerUrl())
			.collect(Collectors.joining(","));
		String token = newClusterToken();
		for (ProcessEtcdNode node : processes) {
			TempFiles.deleteRecursively(node.dataDir());
			node.bootstrap(initialCluster, token, "new");
			node.launch();
		}
		Readiness.awaitAll(processes, EtcdNode::isHealthy, "healthy");
	}

	/** Unique per cluster so that members of different test clusters can never join each other. */
	static String newClusterToken() {
		return "etcd-test-" + UUID.randomUUID();
	}
}
