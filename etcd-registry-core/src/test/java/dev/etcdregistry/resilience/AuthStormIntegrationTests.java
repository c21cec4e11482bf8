package dev.etcdregistry.resilience;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdNode;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.EtcdMetrics;
import dev.etcdregistry.testsupport.ProcessSignals;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slow etcd (here: frozen with SIGSTOP for several request timeouts) is not a wiped one. Calls
 * time out, but the auth token stays good, so an application with many calls in flight must not
 * make jetcd log in again once per call: each {@code Authenticate} is a bcrypt check on etcd,
 * sent exactly when etcd is already struggling. Counted on etcd's side, from its metrics.
 */
@EtcdTest(auth = true)
@Timeout(180)
class AuthStormIntegrationTests {

	private static final int CALLERS = 24;

	@Test
	void timeoutsAgainstASlowEtcdDoNotMultiplyAuthentications(EtcdCluster etcd) throws Exception {
		EtcdNode node = etcd.node(0);
		ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong timeouts = new AtomicLong();
		AtomicLong answers = new AtomicLong();
		try (EtcdConnection connection = EtcdConnection.connect(TestConnections
			.settings(etcd, TestConnections.randomNamespace())
			.requestTimeout(Duration.ofSeconds(1))
			.build())) {
			for (int i = 0; i < CALLERS; i++) {
				String key = "/storm/" + i;
				callers.execute(() -> {
					while (running.get()) {
						try {
							connection.await(connection.client().getKVClient().get(EtcdConnection.bytes(key)),
									"read of '" + key + "'");
							answers.incrementAndGet();
						}
						catch (EtcdRegistryException ex) {
							if (ex.reason() == Reason.TIMEOUT) {
								timeouts.incrementAndGet();
							}
						}
					}
				});
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> answers.get() > 10L * CALLERS);
			long before = EtcdMetrics.grpcCallsStarted(node, "Authenticate");

			ProcessSignals.freeze(node);
			try {
				// every caller times out several times: several request timeouts' worth of suspicion
				await().atMost(Duration.ofSeconds(30)).until(() -> timeouts.get() >= 3L * CALLERS);
			}
			finally {
				ProcessSignals.thaw(node);
			}
			long answered = answers.get();
			boolean recovered = true;
			try {
				await().atMost(Duration.ofSeconds(30)).until(() -> answers.get() > answered + 10L * CALLERS);
			}
			catch (ConditionTimeoutException ex) {
				recovered = false; // asserted below, after the count that explains it
			}
			running.set(false);
			callers.shutdown();
			assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

			// a storm keeps etcd too busy to serve its metrics for a while
			long authentications = await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
				.until(() -> EtcdMetrics.grpcCallsStarted(node, "Authenticate"), (count) -> true) - before;
			System.out.printf("[figure] slow etcd (frozen), %d callers, %d timeouts: %d Authenticate call(s), "
					+ "%d token check(s), %d token drop(s), %d connection renewal(s)%n", CALLERS, timeouts.get(),
					authentications, connection.authTokens().probes(), connection.authTokens().drops(),
					connection.authTokens().renewals());
			assertThat(authentications).as("Authenticate calls etcd served because of the slow spell")
				.isLessThanOrEqualTo(1);
			assertThat(connection.authTokens().drops()).as("token drops without evidence").isZero();
			assertThat(recovered).as("every caller gets answers again once etcd thaws").isTrue();
		}
		finally {
			running.set(false);
			callers.shutdownNow();
		}
	}

}
