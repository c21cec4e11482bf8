package dev.etcdregistry.test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.Cluster;
import io.etcd.jetcd.cluster.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings a process node back with empty data, as {@link EtcdNode#wipe()} describes. */
final class NodeWiper {

	private static final Logger log = LoggerFactory.getLogger(NodeWiper.class);

	/**
	 * etcd's strict reconfiguration check refuses member changes ("unhealthy cluster") until all
	 * remaining members have been connected for 5 s, so membership calls are retried this long.
	 */
	private static final Duration RECONFIGURE_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration RETRY_INTERVAL = Duration.ofMillis(250);

	private final EtcdCluster cluster;

	NodeWiper(EtcdCluster cluster) {
		this.cluster = cluster;
	}

	void wipe(ProcessEtcdNode node) {
		// the data is thrown away, so there is nothing a graceful stop would protect
		node.kill();
		if (this.cluster.nodes().size() == 1) {
			startAsNewCluster(node);
		}
		else {
			replaceMember(node);
		}
		log.info("Wiped etcd node {} ({}); it is back with empty data", node.name(), node.clientEndpoint());
	}

	private void startAsNewCluster(ProcessEtcdNode node) {
		TempFiles.deleteRecursively(node.dataDir());
		node.bootstrap(node.name() + "=" + node.peerUrl(), ProcessClusterLauncher.newClusterToken(), "new");
		node.start();
		if (this.cluster.authEnabled()) {
			AuthBootstrap.enable(this.cluster, List.of(node.clientEndpoint()));
		}
	}

	private void replaceMember(ProcessEtcdNode node) {
		List<String> others = this.cluster.nodes().stream()
			.filter((other) -> other != node)
			.map(EtcdNode::clientEndpoint)
			.toList();
		URI peerUrl = URI.create(node.peerUrl());
		try (Client client = this.cluster.clientOn(others)) {
			Cluster members = client.getClusterClient();
			Optional<Member> member = retry("Listing the members of the etcd cluster", members::listMember, null)
				.getMembers().stream()
				.filter((candidate) -> candidate.getPeerURIs().stream().anyMatch((uri) -> uri.equals(peerUrl)))
				.findFirst();
			member.ifPresent((found) -> retry("Removing etcd member " + node.name(),
					() -> members.removeMember(found.getId()), "member not found"));
			TempFiles.deleteRecursively(node.dataDir());
			retry("Adding etcd member " + node.name() + " back", () -> members.addMember(List.of(peerUrl)),
					"Peer URLs already exists");
		}
		String initialCluster = this.cluster.nodes().stream()
			.map((each) -> each.name() + "=" + each.peerUrl())
			.reduce((a, b) -> a + "," + b)
			.orElseThrow();
		node.bootstrap(initialCluster, ProcessClusterLauncher.newClusterToken(), "existing");
		node.start();
	}

	/**
	 * Calls until it succeeds; a failure whose message contains {@code alreadyDone} means an
	 * earlier attempt that timed out on our side was applied after all.
	 */
	private static <T> T retry(String what, Supplier<CompletableFuture<T>> call, String alreadyDone) {
		long deadline = System.nanoTime() + RECONFIGURE_TIMEOUT.toNanos();
		while (true) {
			try {
				return Futures.await(call.get(), what);
			}
			catch (IllegalStateException ex) {
				if (alreadyDone != null && String.valueOf(ex.getMessage()).contains(alreadyDone)) {
					return null;
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(what + " kept failing for " + RECONFIGURE_TIMEOUT.toSeconds()
							+ " s: " + ex.getMessage(), ex);
				}
				log.debug("{} failed, retrying: {}", what, ex.getMessage());
				Futures.pause(RETRY_INTERVAL);
			}
		}
	}
}
