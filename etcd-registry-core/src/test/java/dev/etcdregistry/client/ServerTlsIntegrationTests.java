package dev.etcdregistry.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Server-only TLS: trusting the CA is enough; an {@code https://} endpoint without TLS settings
 * is checked against the JVM's default trust store, which does not know a private CA, and says
 * which property to set.
 */
@EtcdTest(tls = true)
@Timeout(60)
class ServerTlsIntegrationTests {

	@Test
	void theCaAloneIsEnoughWithoutClientCertificateAuth(EtcdCluster etcd) {
		TlsSettings tls = TlsSettings.builder().caFile(etcd.certificates().caFile()).build();
		try (EtcdConnection connection = EtcdConnection.connect(EtcdSettings.builder()
			.endpoints(etcd.endpoints())
			.tls(tls)
			.build())) {
			ConfigStore store = ConfigStore.of(connection);
			store.put("/config/server-tls", "yes");
			assertThat(store.get("/config/server-tls")).contains("yes");
		}
	}

	@Test
	void httpsWithoutSettingsUsesTheJvmTrustAndNamesThePropertyToSet(EtcdCluster etcd) {
		EtcdSettings settings = EtcdSettings.builder()
			.endpoints(etcd.endpoints())
			.connectTimeout(Duration.ofSeconds(2))
			.build();
		assertThatThrownBy(() -> EtcdConnection.connect(settings))
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					(ex) -> assertThat(ex.reason()).isEqualTo(Reason.TLS_FAILED))
			.hasMessageContaining(etcd.endpointsAsString())
			.hasMessageContaining("JVM's default trust store")
			.hasMessageContaining("etcd.tls.ca-file");
	}

}
