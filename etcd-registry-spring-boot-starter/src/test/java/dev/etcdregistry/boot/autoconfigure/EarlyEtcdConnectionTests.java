package dev.etcdregistry.boot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.client.TlsSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the {@code EtcdConnection} bean may take the connection opened in the background: only
 * when it would have connected in exactly the same way.
 */
class EarlyEtcdConnectionTests {

	@Test
	void theSameValuesAreTheSameSettings() {
		assertThat(EarlyEtcdConnection.sameSettings(base().build(), base().build())).isTrue();
		assertThat(EarlyEtcdConnection.sameSettings(secure("etcd-a"), secure("etcd-a")))
			.isTrue();
	}

	@Test
	void anyDifferenceMeansAConnectionOfItsOwn() {
		EtcdSettings settings = base().build();
		assertThat(EarlyEtcdConnection.sameSettings(settings, base().endpoints("http://127.0.0.1:2380").build()))
			.isFalse();
		assertThat(EarlyEtcdConnection.sameSettings(settings, base().username("other").build())).isFalse();
		assertThat(EarlyEtcdConnection.sameSettings(settings, base().password("other").build())).isFalse();
		assertThat(EarlyEtcdConnection.sameSettings(settings, base().namespace("/other").build())).isFalse();
		assertThat(EarlyEtcdConnection.sameSettings(settings, base().connectTimeout(Duration.ofSeconds(9)).build()))
			.isFalse();
		assertThat(EarlyEtcdConnection.sameSettings(settings, base().requestTimeout(Duration.ofSeconds(9)).build()))
			.isFalse();
		assertThat(EarlyEtcdConnection.sameSettings(secure(null), secure("etcd-a"))).isFalse();
		assertThat(EarlyEtcdConnection.sameSettings(secure("etcd-a"), secure("etcd-b")))
			.isFalse();
	}

	private static EtcdSettings.Builder base() {
		return EtcdSettings.builder().endpoints("http://127.0.0.1:2379").username("app").password("secret")
			.namespace("/ns");
	}

	private static EtcdSettings secure(String authority) {
		return EtcdSettings.builder().endpoints("https://127.0.0.1:2379")
			.tls(TlsSettings.builder().authority(authority).build())
			.build();
	}

}
