package dev.etcdregistry.registry;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceInstanceTests {

	@Test
	void rejectsNamesThatBreakTheKeyLayout() {
		assertThatThrownBy(() -> ServiceInstance.of("orders", "a\tb", "h", 1)).hasMessageContaining("instance id")
			.hasMessageContaining("U+0009");
		assertThatThrownBy(() -> ServiceInstance.of("ord\u0000ers", "1", "h", 1)).hasMessageContaining("U+0000");
		assertThatThrownBy(() -> ServiceInstance.of("..", "1", "h", 1)).hasMessageContaining("'..'");
		assertThatThrownBy(() -> ServiceInstance.of("x".repeat(300), "1", "h", 1)).hasMessageContaining("300");
		assertThatThrownBy(() -> ServiceInstance.of("orders", null, "h", 1)).hasMessageContaining("instance id is empty");
	}

	@Test
	void rejectsBadHostsPortsAndMetadata() {
		assertThatThrownBy(() -> ServiceInstance.of("orders", "1", " ", 1)).hasMessageContaining("Host");
		assertThatThrownBy(() -> ServiceInstance.of("orders", "1", "h", 0)).hasMessageContaining("Port 0");
		assertThatThrownBy(() -> ServiceInstance.of("orders", "1", "h", 70000)).hasMessageContaining("Port 70000");
		Map<String, String> withNull = new HashMap<>();
		withNull.put("k", null);
		assertThatThrownBy(() -> new ServiceInstance("orders", "1", "h", 1, false, withNull))
			.hasMessageContaining("null");
	}

	@Test
	void buildsItsUriAndKeepsMetadataImmutable() {
		ServiceInstance instance = new ServiceInstance("orders", "1", "::1", 8443, true, Map.of("zone", "a"));
		assertThat(instance.uri()).isEqualTo(URI.create("https://[::1]:8443"));
		assertThat(ServiceInstance.of("orders", "1", "10.0.0.1", 80).uri()).isEqualTo(URI.create("http://10.0.0.1:80"));
		assertThatThrownBy(() -> instance.metadata().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
	}

}
