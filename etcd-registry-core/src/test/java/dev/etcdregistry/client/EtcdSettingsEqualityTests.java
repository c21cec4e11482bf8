package dev.etcdregistry.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings are equal only when they would connect in exactly the same way (the starter's
 * {@code EtcdConnection} bean takes the connection opened in the background only then).
 */
class EtcdSettingsEqualityTests {

	@Test
	void theSameValuesAreTheSameSettings() {
		assertThat(equal(base().build(), base().build())).isTrue();
		assertThat(equal(secure("etcd-a"), secure("etcd-a")))
			.isTrue();
	}

	@Test
	void anyDifferenceMeansAConnectionOfItsOwn() {
		EtcdSettings settings = base().build();
		assertThat(equal(settings, base().endpoints("http://127.0.0.1:2380").build()))
			.isFalse();
		assertThat(equal(settings, base().username("other").build())).isFalse();
		assertThat(equal(settings, base().password("other").build())).isFalse();
		assertThat(equal(settings, base().namespace("/other").build())).isFalse();
		assertThat(equal(settings, base().connectTimeout(Duration.ofSeconds(9)).build()))
			.isFalse();
		assertThat(equal(settings, base().requestTimeout(Duration.ofSeconds(9)).build()))
			.isFalse();
		assertThat(equal(secure(null), secure("etcd-a"))).isFalse();
		assertThat(equal(secure("etcd-a"), secure("etcd-b")))
			.isFalse();
	}

	/** Equal both ways, with equal hash codes when equal. */
	private static boolean equal(EtcdSettings a, EtcdSettings b) {
		boolean equal = a.equals(b);
		assertThat(b.equals(a)).isEqualTo(equal);
		if (equal) {
			assertThat(a.hashCode()).isEqualTo(b.hashCode());
		}
		return equal;
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
