package dev.etcdregistry.registry.internal;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.etcdregistry.registry.ServiceChangeEvent;
import dev.etcdregistry.registry.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceEventsTests {

	private final ServiceInstance a1 = ServiceInstance.of("orders", "a", "h", 1);

	private final ServiceInstance a2 = ServiceInstance.of("orders", "a", "h", 2);

	private final ServiceInstance b1 = ServiceInstance.of("orders", "b", "h", 1);

	private final ServiceInstance c1 = ServiceInstance.of("orders", "c", "h", 1);

	private final ServiceInstance x1 = ServiceInstance.of("users", "x", "h", 1);

	@Test
	void mergesToTheNetChangeFromBeforeTheFirstToAfterTheLast() {
		// before: a1, b1
		ServiceChangeEvent first = new ServiceChangeEvent("orders", List.of(c1), List.of(b1), List.of(a2), List.of(a2, c1), 5);
		ServiceChangeEvent second = new ServiceChangeEvent("orders", List.of(b1), List.of(c1), List.of(), List.of(a2, b1), 6);
		ServiceChangeEvent merged = ServiceEvents.merge(first, second);
		assertThat(merged.added()).isEmpty(); // c came and went, b went and came back
		assertThat(merged.removed()).isEmpty();
		assertThat(merged.updated()).containsExactly(a2);
		assertThat(merged.instances()).containsExactly(a2, b1);
		assertThat(merged.revision()).isEqualTo(6);
	}

	@Test
	void coalescesPerServiceInOrderOfFirstAppearance() {
		ServiceChangeEvent orders1 = new ServiceChangeEvent("orders", List.of(a1), List.of(), List.of(), List.of(a1), 1);
		ServiceChangeEvent users = new ServiceChangeEvent("users", List.of(x1), List.of(), List.of(), List.of(x1), 2);
		ServiceChangeEvent orders2 = new ServiceChangeEvent("orders", List.of(), List.of(a1), List.of(), List.of(), 3);
		List<ServiceChangeEvent> merged = ServiceEvents.coalesce(List.of(orders1, users, orders2));
		assertThat(merged).extracting(ServiceChangeEvent::serviceName).containsExactly("orders", "users");
		assertThat(merged.get(0).added()).isEmpty();
		assertThat(merged.get(0).removed()).isEmpty(); // a came and went
		assertThat(merged.get(0).instances()).isEmpty();
		assertThat(merged.get(1)).isEqualTo(users);
	}

}
