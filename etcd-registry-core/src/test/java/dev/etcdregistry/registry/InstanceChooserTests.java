package dev.etcdregistry.registry;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceChooserTests {

	private final List<ServiceInstance> orders = List.of(ServiceInstance.of("orders", "a", "h", 1),
			ServiceInstance.of("orders", "b", "h", 2), ServiceInstance.of("orders", "c", "h", 3));

	@Test
	void roundRobinTakesEachInstanceInTurnPerService() {
		InstanceChooser chooser = InstanceChooser.roundRobin();
		List<String> picked = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			picked.add(chooser.choose(this.orders).orElseThrow().instanceId());
			chooser.choose(List.of(ServiceInstance.of("billing", "x", "h", 1)));
		}
		assertThat(picked).containsExactly("a", "b", "c", "a", "b", "c");
		assertThat(chooser.choose(List.of())).isEmpty();
	}

	@Test
	void randomOnlyPicksCandidates() {
		InstanceChooser chooser = InstanceChooser.random();
		for (int i = 0; i < 50; i++) {
			assertThat(this.orders).contains(chooser.choose(this.orders).orElseThrow());
		}
		assertThat(chooser.choose(List.of())).isEmpty();
	}

}
