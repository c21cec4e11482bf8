package dev.etcdregistry.test;

import java.time.Duration;
import java.util.Objects;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.WatchOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.etcdregistry.test.EtcdTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * {@link EtcdCluster#leader()}, {@link EtcdCluster#followers()} and
 * {@link EtcdCluster#openStreams(EtcdNode, String)}: what fault tests use to pick the node to
 * kill, checked against jetcd's Maintenance API and a watch pinned to one node.
 */
@EtcdTest(nodes = 3)
@Timeout(60)
class EtcdClusterRolesIntegrationTests {

	@Test
	void leaderAndFollowersAreWhatTheMembersReport(EtcdCluster etcd) throws Exception {
		try (Client client = etcd.newClient()) {
			EtcdNode leader = await().ignoreExceptions().until(etcd::leader, Objects::nonNull);

			assertThat(leader).isSameAs(EtcdTestSupport.leader(etcd, client));
			assertThat(etcd.followers()).hasSize(2).doesNotContain(leader);
		}
	}

	@Test
	void openStreamsCountsTheWatchesANodeServes(EtcdCluster etcd) throws Exception {
		EtcdNode target = etcd.node(1);
		try (Client pinned = Client.builder().endpoints(target.clientEndpoint()).build();
				Watch.Watcher watcher = pinned.getWatchClient().watch(bytes("/roles"), WatchOption.DEFAULT,
						response -> {
						})) {
			await().atMost(Duration.ofSeconds(10)).until(() -> etcd.openStreams(target, "Watch") == 1);
			assertThat(etcd.openStreams(etcd.node(0), "Watch")).isZero();
			assertThat(etcd.openStreams(etcd.node(2), "Watch")).isZero();
			assertThat(etcd.openStreams(target, "LeaseKeepAlive")).isZero();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> etcd.openStreams(target, "Watch") == 0);
	}

	@Test
	void aStoppedNodeHasNoStreamsAndALeaderlessClusterNoLeader(EtcdCluster etcd) {
		EtcdNode first = etcd.node(0);
		EtcdNode second = etcd.node(1);
		first.kill();
		second.kill();
		try {
			assertThat(etcd.openStreams(first, "Watch")).isEqualTo(-1);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatIllegalStateException()
				.isThrownBy(etcd::leader)
				.withMessageContaining("has no leader"));
		}
		finally {
			first.startNoWait();
			second.startNoWait();
			await().atMost(Duration.ofSeconds(30)).until(() -> etcd.nodes().stream().allMatch(EtcdNode::isHealthy));
		}
	}

}
