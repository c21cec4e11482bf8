package dev.etcdregistry.test;

import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static dev.etcdregistry.test.EtcdTestSupport.put;
import static dev.etcdregistry.test.EtcdTestSupport.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** A TLS cluster: https endpoints, certificates made at start, newClient() speaks TLS. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EtcdClusterTlsIntegrationTests {

	@Test
	void mutualTlsClusterWithAuthServesTheKitsClient() throws Exception {
		try (EtcdCluster etcd = EtcdCluster.builder().clientCertAuth(true).auth(true).build().start();
				Client client = etcd.newClient()) {
			assertThat(etcd.endpoints()).singleElement().asString().startsWith("https://127.0.0.1:");
			assertThat(etcd.tlsEnabled()).isTrue();
			assertThat(etcd.certificates().caFile()).isRegularFile();
			assertThat(etcd.certificates().clientKeyStore()).isRegularFile();
			assertThat(etcd.node(0).isHealthy()).isTrue();

			put(client, "/tls", "yes");

			assertThat(value(client, "/tls")).isEqualTo("yes");
		}
	}

	@Test
	void plainClusterHasNoCertificates() {
		try (EtcdCluster etcd = EtcdCluster.builder().build().start()) {
			assertThat(etcd.tlsEnabled()).isFalse();
			assertThatIllegalStateException().isThrownBy(etcd::certificates).withMessageContaining("tls(true)");
		}
	}

}
