package dev.etcdregistry.client;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EtcdSettingsTests {

	@Test
	void acceptsSeveralEndpointsCommaSeparatedOrNot() {
		EtcdSettings settings = EtcdSettings.builder()
			.endpoints("http://10.0.0.1:2379, http://10.0.0.2:2379", "http://etcd.example:2379")
			.build();
		assertThat(settings.endpoints()).containsExactly(URI.create("http://10.0.0.1:2379"),
				URI.create("http://10.0.0.2:2379"), URI.create("http://etcd.example:2379"));
		assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(settings.namespace()).isEmpty();
	}

	@Test
	void rejectsEndpointsThatAreNotHttpUrlsWithHostAndPort() {
		assertInvalid("localhost:2379", "'localhost:2379' must start with http:// or https://");
		assertInvalid("localhost:2379", "as in http://localhost:2379");
		assertInvalid("http//127.0.0.1:2379", "as in http://127.0.0.1:2379");
		assertInvalid("https//etcd:2379", "as in https://etcd:2379");
		assertInvalid("htp://etcd:2379", "as in http://etcd:2379");
		assertInvalid("http://localhost", "has no port");
		assertInvalid("http://:2379", "has no host");
		assertInvalid("http://h:2379/v3", "must be just scheme://host:port");
		assertInvalid("http://exa mple:2379", "is not a URL");
		assertThatThrownBy(() -> EtcdSettings.builder().build()).hasMessageContaining("no etcd endpoint");
	}

	@Test
	void neverEchoesAPasswordWrittenIntoAnEndpoint() {
		assertThatThrownBy(() -> EtcdSettings.builder().endpoints("http://root:hunter2@h:2379").build())
			.hasMessageNotContaining("hunter2")
			.hasMessageContaining("***");
	}

	@Test
	void toStringMasksThePassword() {
		EtcdSettings settings = EtcdSettings.builder()
			.endpoints("http://h:2379")
			.username("root")
			.password("hunter2")
			.build();
		assertThat(settings.toString()).contains("root").doesNotContain("hunter2");
	}

	@Test
	void normalizesTheNamespaceAndRejectsWhitespace() {
		assertThat(EtcdSettings.builder().endpoints("http://h:2379").namespace("/prod/").build().namespace())
			.isEqualTo("/prod");
		assertInvalidNamespace("/my prod");
	}

	@Test
	void rejectsNonPositiveTimeoutsAndAPasswordWithoutUser() {
		assertThatThrownBy(() -> EtcdSettings.builder().requestTimeout(Duration.ZERO))
			.hasMessageContaining("request timeout must be positive");
		assertThatThrownBy(() -> EtcdSettings.builder().endpoints("http://h:2379").password("p").build())
			.hasMessageContaining("no user name");
	}

	private static void assertInvalid(String endpoint, String message) {
		assertThatThrownBy(() -> EtcdSettings.builder().endpoints(endpoint))
			.isInstanceOfSatisfying(EtcdRegistryException.class,
					ex -> assertThat(ex.reason()).isEqualTo(Reason.INVALID_ARGUMENT))
			.hasMessageContaining(message);
	}

	private static void assertInvalidNamespace(String namespace) {
		assertThatThrownBy(() -> EtcdSettings.builder().namespace(namespace)).hasMessageContaining("'" + namespace + "'");
	}

}
