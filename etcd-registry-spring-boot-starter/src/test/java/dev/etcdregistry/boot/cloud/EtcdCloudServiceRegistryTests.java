package dev.etcdregistry.boot.cloud;

import org.junit.jupiter.api.Test;

import dev.etcdregistry.boot.testsupport.InMemoryRegistry;
import dev.etcdregistry.registry.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EtcdCloudServiceRegistryTests {

	private final InMemoryRegistry core = new InMemoryRegistry();

	private final EtcdCloudServiceRegistry registry = new EtcdCloudServiceRegistry(this.core);

	private final EtcdRegistration registration = EtcdRegistration
		.of(ServiceInstance.of("orders", "orders-1", "10.0.0.1", 8080));

	@Test
	void registerAndDeregister() {
		this.registry.register(this.registration);
		assertThat(this.core.instances("orders")).extracting(ServiceInstance::instanceId).containsExactly("orders-1");
		assertThat((String) this.registry.getStatus(this.registration)).isEqualTo("UP");
		this.registry.deregister(this.registration);
		assertThat(this.core.instances("orders")).isEmpty();
		assertThat((String) this.registry.getStatus(this.registration)).isEqualTo("DOWN");
	}

	@Test
	void outOfServiceAndDownDeregisterAndUpRegistersAgain() {
		this.registry.register(this.registration);
		this.registry.setStatus(this.registration, "out_of_service");
		assertThat(this.core.instances("orders")).isEmpty();
		assertThat((String) this.registry.getStatus(this.registration)).isEqualTo("OUT_OF_SERVICE");
		this.registry.setStatus(this.registration, "UP");
		assertThat(this.core.instances("orders")).hasSize(1);
		assertThat((String) this.registry.getStatus(this.registration)).isEqualTo("UP");
		this.registry.setStatus(this.registration, "DOWN");
		assertThat(this.core.instances("orders")).isEmpty();
		assertThat((String) this.registry.getStatus(this.registration)).isEqualTo("DOWN");
	}

	@Test
	void unknownStatusIsRejectedNamingTheAcceptedOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.registry.setStatus(this.registration, "STARTING"))
			.withMessageContaining("'STARTING'")
			.withMessageContaining("UP, DOWN or OUT_OF_SERVICE");
	}

	@Test
	void registrationWithoutInstanceYet() {
		EtcdRegistration pending = new EtcdRegistration("orders", java.util.Optional::empty);
		assertThat((String) this.registry.getStatus(pending)).isEqualTo("DOWN");
		assertThatIllegalStateException().isThrownBy(() -> this.registry.setStatus(pending, "UP"))
			.withMessageContaining("'orders'");
		this.registry.deregister(pending);
		assertThat(this.core.calls()).isEmpty();
	}

}
