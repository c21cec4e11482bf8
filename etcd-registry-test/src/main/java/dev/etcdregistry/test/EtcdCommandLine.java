package dev.etcdregistry.test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How a {@link ProcessEtcdNode} invokes the etcd binary: its flags and a clean environment. */
final class EtcdCommandLine {

	private EtcdCommandLine() {
	}

	/** The command that runs one member; {@code extraArgs} come last so that they win. */
	static List<String> command(Path binary, String name, Path dataDir, String clientEndpoint, String peerUrl,
			String initialCluster, String clusterState, String clusterToken, List<String> extraArgs) {
		List<String> command = new ArrayList<>(List.of(binary.toString(),
				"--name=" + name,
				"--data-dir=" + dataDir,
				"--listen-client-urls=" + clientEndpoint,
				"--advertise-client-urls=" + clientEndpoint,
				"--listen-peer-urls=" + peerUrl,
				"--initial-advertise-peer-urls=" + peerUrl,
				"--initial-cluster=" + initialCluster,
				"--initial-cluster-state=" + clusterState,
				"--initial-cluster-token=" + clusterToken,
				// loopback peers answer in microseconds: a faster election than the 100/1000 ms
				// defaults halves the time to a leader on every start and failover
				"--heartbeat-interval=50",
				"--election-timeout=500",
				"--logger=zap"));
		// appended last so that they win over the flags above (etcd keeps a flag's last value)
		command.addAll(extraArgs);
		return command;
	}

	/**
	 * etcd reads any {@code ETCD_<FLAG>} variable as a flag; a developer's shell settings must
	 * not change a test node. The one exception lets etcd 3.4 run on arm64 at all.
	 */
	static void sanitize(Map<String, String> environment) {
		environment.keySet().removeIf((key) -> key.startsWith("ETCD_") && !key.equals("ETCD_UNSUPPORTED_ARCH"));
		String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
		if (arch.equals("aarch64") || arch.equals("arm64")) {
			environment.putIfAbsent("ETCD_UNSUPPORTED_ARCH", "arm64");
		}
	}

}
