package dev.etcdregistry.registry.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdNode;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.ProcessSignals;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lease keeper shares the connection's one scheduler thread with every other component's
 * timers (watch start deadlines, retries). While etcd does not answer (frozen here), its audit
 * must not hold that thread, and asking for the current lease must not wait behind a grant.
 * The request timeout is long (60 s) and each check waits far less: what is checked is that
 * the other work runs while etcd's answer is still outstanding, not how fast.
 */
@EtcdTest
@Timeout(150)
class LeaseKeeperSchedulerIntegrationTests {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration TTL = Duration.ofSeconds(2);

	@Test
	void anAuditOfALeaseWhileEtcdIsFrozenLeavesTheSchedulerFree(EtcdCluster etcd) throws Exception {
		EtcdNode node = etcd.node(0);
		try (EtcdConnection connection = connect(etcd);
				LeaseKeeper keeper = new LeaseKeeper(connection, TTL, (id, reason) -> {
				})) {
			keeper.ensure();
			CountDownLatch auditSent = new CountDownLatch(1);
			keeper.auditSent = auditSent::countDown;
			ProcessSignals.freeze(node);
			try {
				// no renewal for a TTL: the audit asks etcd, which answers nothing for now
				assertThat(auditSent.await(30, TimeUnit.SECONDS)).as("the audit asked etcd").isTrue();
				CountDownLatch otherTask = new CountDownLatch(1);
				connection.scheduler().execute(otherTask::countDown);
				assertThat(otherTask.await(30, TimeUnit.SECONDS))
					.as("another component's task ran while the audit's call was outstanding").isTrue();
			}
			finally {
				ProcessSignals.thaw(node);
			}
		}
	}

	@Test
	void theCurrentLeaseIsKnownWhileAGrantWaitsForEtcd(EtcdCluster etcd) throws Exception {
		EtcdNode node = etcd.node(0);
		try (EtcdConnection connection = connect(etcd);
				LeaseKeeper keeper = new LeaseKeeper(connection, TTL, (id, reason) -> {
				})) {
			CountDownLatch granting = new CountDownLatch(1);
			keeper.granting = granting::countDown;
			ProcessSignals.freeze(node);
			try {
				CompletableFuture<Long> grant = CompletableFuture.supplyAsync(keeper::ensure);
				assertThat(granting.await(30, TimeUnit.SECONDS)).as("the grant started").isTrue();
				CompletableFuture<Long> current = CompletableFuture.supplyAsync(keeper::current);
				assertThat(current.get(30, TimeUnit.SECONDS)).as("no lease yet, said without waiting").isZero();
				assertThat(grant).as("the grant still waits for etcd").isNotDone();
			}
			finally {
				ProcessSignals.thaw(node);
			}
		}
	}

	private static EtcdConnection connect(EtcdCluster etcd) {
		return EtcdConnection.connect(TestConnections.settings(etcd, TestConnections.randomNamespace())
			.requestTimeout(REQUEST_TIMEOUT)
			.build());
	}

}
