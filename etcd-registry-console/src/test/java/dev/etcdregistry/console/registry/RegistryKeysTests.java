package dev.etcdregistry.console.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryKeysTests {

	@Test
	void instanceKeysNameTheirServiceAndId() {
		assertThat(RegistryKeys.serviceOf("/services/orders/orders-1")).isEqualTo("orders");
		assertThat(RegistryKeys.idOf("/services/orders/orders-1", "orders")).isEqualTo("orders-1");
		assertThat(RegistryKeys.override("orders", "orders-1")).isEqualTo("/service-overrides/orders/orders-1");
	}

	@Test
	void otherKeysAreNotInstances() {
		assertThat(RegistryKeys.serviceOf("/services/orders")).isNull();
		assertThat(RegistryKeys.serviceOf("/services/orders/")).isNull();
		assertThat(RegistryKeys.serviceOf("/config/orders/limit")).isNull();
	}

}
