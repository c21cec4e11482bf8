package dev.etcdregistry.test;

import java.util.stream.Collectors;

/**
 * Run in a child JVM by {@link EtcdClusterIntegrationTests}: starts a cluster, prints its node
 * pids and a data directory and exits without closing it, so the test can prove that the
 * shutdown hook kills the nodes and deletes their files.
 */
public final class LeakyClusterMain {

	private LeakyClusterMain() {
	}

	public static void main(String[] args) {
		EtcdCluster etcd = EtcdCluster.builder().nodes(Integer.parseInt(args[0])).build().start();
		String pids = etcd.nodes().stream()
			.map((node) -> String.valueOf(node.pid().orElseThrow()))
			.collect(Collectors.joining(","));
		System.out.println("PIDS:" + pids);
		System.out.println("DATA:" + etcd.node(0).dataDir());
		System.out.flush();
		System.exit(0);
	}
}
