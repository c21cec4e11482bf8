package dev.etcdregistry.boot.autoconfigure.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EtcdPropertySourceTests {

	private final EtcdPropertySource source = new EtcdPropertySource("etcd",
			List.of("/config/application/", "/config/orders/"));

	@Test
	void mapsKeysToPropertyNames() {
		assertThat(EtcdPropertySource.propertyName("/config/orders/", "/config/orders/server.port"))
			.isEqualTo("server.port");
		assertThat(EtcdPropertySource.propertyName("/config/orders/", "/config/orders/spring/datasource/url"))
			.isEqualTo("spring.datasource.url");
		assertThat(EtcdPropertySource.propertyName("/config/orders/", "/config/orders,prod/server.port")).isNull();
		assertThat(EtcdPropertySource.propertyName("/config/orders/", "/config/orders/")).isNull();
		assertThat(EtcdPropertySource.propertyName("/config/orders/", "/config/orders/dir/")).isNull();
	}

	@Test
	void laterContextsWinAndChangesAreReported() {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("/config/application/a", "1");
		values.put("/config/application/b", "app");
		values.put("/config/orders/b", "orders");
		values.put("/config/other/c", "x");
		assertThat(this.source.update(values)).containsExactlyInAnyOrder("a", "b");
		assertThat(this.source.getProperty("b")).isEqualTo("orders");
		assertThat(this.source.getPropertyNames()).containsExactlyInAnyOrder("a", "b");
		assertThat(this.source.keys()).containsEntry("b", "/config/orders/b");
		values.remove("/config/orders/b");
		values.put("/config/other/c", "y");
		assertThat(this.source.update(values)).containsExactly("b");
		assertThat(this.source.getProperty("b")).isEqualTo("app");
		values.remove("/config/application/a");
		assertThat(this.source.update(values)).containsExactly("a");
		assertThat(this.source.containsProperty("a")).isFalse();
		assertThat(this.source.update(values)).isEmpty();
	}

}
