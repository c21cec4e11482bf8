package dev.etcdregistry.registry.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.etcdregistry.registry.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

class WipeProtectionTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private final WipeProtection protection = new WipeProtection(Duration.ofSeconds(10), 0.5);

	@Test
	void keepsTheVanishedWhenAServiceEmptiesOrHalves() {
		Map<String, ServiceInstance> now = new TreeMap<>();
		assertThat(this.protection.protect("orders", List.of(instance("a"), instance("b")), now, 0)).isEqualTo(2);
		assertThat(now).containsOnlyKeys("a", "b");
		Map<String, ServiceInstance> halved = new TreeMap<>(Map.of("c", instance("c")));
		assertThat(this.protection.protect("billing", List.of(instance("c"), instance("d")), halved, 0)).isEqualTo(1);
		assertThat(halved).containsOnlyKeys("c", "d");
	}

	@Test
	void appliesASmallShrinkAsRead() {
		Map<String, ServiceInstance> now = new TreeMap<>(Map.of("a", instance("a"), "b", instance("b")));
		assertThat(this.protection.protect("orders", List.of(instance("a"), instance("b"), instance("c")), now, 0))
			.isZero();
		assertThat(now).containsOnlyKeys("a", "b");
		assertThat(this.protection.isEmpty()).isTrue();
	}

	@Test
	void seenAgainOrDeletedEndsTheHoldAndTheRestExpireAfterIt() {
		Map<String, ServiceInstance> now = new TreeMap<>();
		this.protection.protect("orders", List.of(instance("a"), instance("b"), instance("c")), now, 0);
		this.protection.seen("orders", "a");
		assertThat(this.protection.isKept("orders", "a")).isFalse();
		assertThat(this.protection.expire(9 * SECOND)).isEmpty();
		Map<String, List<String>> expired = this.protection.expire(10 * SECOND);
		assertThat(expired).containsOnlyKeys("orders");
		assertThat(expired.get("orders")).containsExactlyInAnyOrder("b", "c");
		assertThat(this.protection.isEmpty()).isTrue();
	}

	@Test
	void zeroHoldSwitchesItOff() {
		WipeProtection off = new WipeProtection(Duration.ZERO, 0.5);
		Map<String, ServiceInstance> now = new TreeMap<>();
		assertThat(off.protect("orders", List.of(instance("a")), now, 0)).isZero();
		assertThat(now).isEmpty();
	}

	private static ServiceInstance instance(String id) {
		return ServiceInstance.of("orders", id, "10.0.0.1", 8080);
	}

}
