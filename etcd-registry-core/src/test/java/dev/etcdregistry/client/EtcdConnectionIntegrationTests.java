package dev.etcdregistry.client;

import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Connecting to an etcd with authentication on: the right credentials work; a wrong
 * password, missing credentials and an unreachable endpoint fail at connect time, fast,
 * with a message that says what to fix and never the password.
 */
@EtcdTest(auth = true)
@Timeout(60)
class EtcdConnectionIntegrationTests {

	@Test
	void connectsWithTheRightCredentials(EtcdCluster etcd) {
		try (EtcdConnection connection = TestConnections.connect(etcd, TestConnections.randomNamespace())) {
			ConfigStore store = ConfigStore.of(connection);
			store.put("/config/ok", "yes");
			assertThat(store.get("/config/ok")).contains("yes");
		}
	}

	@Test
	void aWrongPasswordFailsAtConnectNamingTheSettingsToCheck(EtcdCluster etcd) {
		EtcdSettings settings = TestConnections.settings(etcd, "").password("wrong-pa55word").build();
		assertThatThrownBy(() -> EtcdConnection.connect(settings))
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					ex -> assertThat(ex.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED))
			.hasMessageContaining(etcd.endpointsAsString())
			.hasMessageContaining("etcd.username")
			.hasMessageContaining("etcd.password")
			.hasMessageNotContaining("wrong-pa55word");
	}

	@Test
	void missingCredentialsFailAtConnectSayingAuthIsOn(EtcdCluster etcd) {
		EtcdSettings settings = EtcdSettings.builder().endpoints(etcd.endpoints()).build();
		assertThatThrownBy(() -> EtcdConnection.connect(settings))
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					ex -> assertThat(ex.reason()).isEqualTo(Reason.AUTHENTICATION_FAILED))
			.hasMessageContaining("authentication enabled");
	}

	@Test
	void anUnreachableEndpointFailsWithinTheConnectTimeout() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		EtcdSettings settings = EtcdSettings.builder()
			.endpoints("http://127.0.0.1:" + port)
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		long started = System.nanoTime();
		assertThatThrownBy(() -> EtcdConnection.connect(settings))
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					ex -> assertThat(ex.reason()).isEqualTo(Reason.UNREACHABLE))
			.hasMessageContaining("http://127.0.0.1:" + port);
		// generous: the point is "seconds, not minutes", not a latency figure
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
	}

}
