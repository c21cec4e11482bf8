package dev.etcdregistry.boot.config;

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

	@Test
	void documentsComeBeforeTheKeysOfTheirContext() {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("/config/application/application.yaml", "orders:\n  limit: 1\n  greeting: from app doc\n");
		values.put("/config/orders/orders.greeting", "from key");
		values.put("/config/orders/application.properties", "orders.greeting=from orders doc\norders.limit=2\n");
		values.put("/config/orders/extra.json", "{\"orders\": {\"tags\": [\"a\", \"b\"]}}");
		this.source.update(values);
		assertThat(this.source.getProperty("orders.limit")).isEqualTo("2");
		assertThat(this.source.getProperty("orders.greeting")).isEqualTo("from key");
		assertThat(this.source.getProperty("orders.tags[1]")).isEqualTo("b");
		assertThat(this.source.containsProperty("application.yaml")).isFalse();
		assertThat(this.source.keys()).containsEntry("orders.limit", "/config/orders/application.properties");
	}

	@Test
	void profileSectionsOfAYamlDocumentFollowTheActiveProfiles() {
		String yaml = "orders:\n  limit: 1\n---\nspring.config.activate.on-profile: prod\norders:\n  limit: 2\n"
				+ "---\nspring:\n  config:\n    activate:\n      on-profile: \"!prod\"\norders:\n  greeting: not prod\n";
		EtcdPropertySource prod = new EtcdPropertySource("etcd", List.of("/d.yaml"), List.of("prod"));
		prod.update(Map.of("/d.yaml", yaml));
		assertThat(prod.getProperty("orders.limit")).isEqualTo("2");
		assertThat(prod.containsProperty("orders.greeting")).isFalse();
		assertThat(prod.getPropertyNames()).noneMatch((name) -> name.startsWith("spring.config.activate"));
		EtcdPropertySource dev = new EtcdPropertySource("etcd", List.of("/d.yaml"), List.of("dev"));
		dev.update(Map.of("/d.yaml", yaml));
		assertThat(dev.getProperty("orders.limit")).isEqualTo("1");
		assertThat(dev.getProperty("orders.greeting")).isEqualTo("not prod");
	}

	@Test
	void aDocumentThatDoesNotParseKeepsItsPreviousVersion() {
		EtcdPropertySource doc = new EtcdPropertySource("etcd", List.of("/config/orders/"));
		doc.update(Map.of("/config/orders/app.yaml", "orders:\n  limit: 1\n"));
		assertThat(doc.update(Map.of("/config/orders/app.yaml", "orders:\n  limit: 2\n secret: [s3cr3t\n")))
			.isEmpty();
		assertThat(doc.getProperty("orders.limit")).isEqualTo("1");
		assertThat(doc.drainRejections()).singleElement().satisfies((rejection) -> {
			assertThat(rejection.key()).isEqualTo("/config/orders/app.yaml");
			assertThat(rejection.line()).isEqualTo(3);
			assertThat(rejection.problem()).doesNotContain("s3cr3t");
			assertThat(rejection.previousVersionKept()).isTrue();
		});
		// the same broken text again (another key changed): no second rejection
		doc.update(Map.of("/config/orders/app.yaml", "orders:\n  limit: 2\n secret: [s3cr3t\n", "/config/orders/x", "1"));
		assertThat(doc.drainRejections()).isEmpty();
		assertThat(doc.update(Map.of("/config/orders/app.yaml", "orders:\n  limit: 3\n"))).contains("orders.limit");
	}

}
