package dev.etcdregistry.registry.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceKeysTests {

	@Test
	void splitsOnlyKeysWithExactlyServiceAndInstance() {
		assertThat(ServiceKeys.split("/services/orders/o-1")).containsExactly("orders", "o-1");
		assertThat(ServiceKeys.split("/services/a")).isNull();
		assertThat(ServiceKeys.split("/services/orders/")).isNull();
		assertThat(ServiceKeys.split("/services//o-1")).isNull();
		assertThat(ServiceKeys.split("/services/orders/o-1/extra")).isNull();
		assertThat(ServiceKeys.split("/config/orders/o-1")).isNull();
		assertThat(ServiceKeys.key("orders", "o-1")).isEqualTo("/services/orders/o-1");
	}

}
