package dev.etcdregistry.boot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.etcdregistry.boot.connection.EtcdProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The configuration processor's metadata for this module: every {@code etcd.*} property is
 * there, with a description, so IDEs can explain it.
 */
class ConfigurationMetadataTests {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	@Test
	void everyEtcdPropertyHasADescription() throws IOException {
		List<JsonNode> properties = etcdProperties();
		assertThat(properties).extracting((property) -> property.get("name").asString())
			.contains("etcd.enabled", "etcd.endpoints", "etcd.username", "etcd.password", "etcd.namespace",
					"etcd.connect-timeout", "etcd.request-timeout", "etcd.registry.enabled",
					"etcd.discovery.enabled", "etcd.config.enabled", "etcd.sensitive-keys", "etcd.fail-fast",
					"etcd.registry.register", "etcd.registry.overrides.enabled", "etcd.discovery.load-balancer.enabled",
					"etcd.config.watch", "etcd.tls.ca-file",
					"etcd.config.snapshot.enabled", "etcd.config.snapshot.path",
					"etcd.config.snapshot.include-sensitive", "etcd.connect-in-background");
		assertThat(properties).allSatisfy((property) -> assertThat(property.path("description").asString(""))
			.as("description of %s", property.get("name").asString())
			.isNotBlank());
	}

	@Test
	void actuatorPropertiesHaveADescriptionAndTheirDefault() throws IOException {
		List<JsonNode> properties = new ArrayList<>();
		ourMetadata().get("properties").forEach(properties::add);
		assertThat(properties).filteredOn((property) -> property.get("name").asString().startsWith("management."))
			.extracting((property) -> property.get("name").asString(),
					(property) -> property.path("defaultValue").asString(""),
					(property) -> !property.path("description").asString("").isBlank())
			.contains(tuple("management.endpoint.etcd.show-values", "never", true),
					tuple("management.endpoint.etcd.roles", "", true),
					tuple("management.health.etcd.enabled", "true", true));
	}

	@Test
	void defaultsTheProcessorCannotSeeAreListed() throws IOException {
		assertThat(etcdProperties()).filteredOn((property) -> property.get("name").asString().equals("etcd.registry.register"))
			.singleElement()
			.satisfies((property) -> assertThat(property.path("defaultValue").asString("")).isEqualTo("auto"));
		assertThat(etcdProperties()).filteredOn((property) -> property.get("name").asString().equals("etcd.endpoints"))
			.singleElement()
			.satisfies((property) -> assertThat(property.path("defaultValue").path(0).asString(""))
				.isEqualTo("http://127.0.0.1:2379"));
	}

	@Test
	void passwordHasNoDefaultValue() throws IOException {
		assertThat(etcdProperties()).filteredOn((property) -> property.get("name").asString().equals("etcd.password"))
			.singleElement()
			.satisfies((property) -> assertThat(property.has("defaultValue")).isFalse());
	}

	private static List<JsonNode> etcdProperties() throws IOException {
		JsonNode metadata = ourMetadata();
		List<JsonNode> properties = new ArrayList<>();
		for (JsonNode property : metadata.get("properties")) {
			if (property.get("name").asString().startsWith("etcd.")) {
				properties.add(property);
			}
		}
		return properties;
	}

	private static JsonNode ourMetadata() throws IOException {
		// other jars and modules on the test class path carry metadata of their own
		for (URL url : Collections.list(ConfigurationMetadataTests.class.getClassLoader().getResources(METADATA))) {
			try (InputStream in = url.openStream()) {
				JsonNode metadata = JsonMapper.builder().build().readTree(in);
				for (JsonNode group : metadata.path("groups")) {
					if (EtcdProperties.class.getName().equals(group.path("type").asString())) {
						return metadata;
					}
				}
			}
		}
		throw new AssertionError("No " + METADATA + " in target/classes; is spring-boot-configuration-processor "
				+ "on the annotation processor path?");
	}

}
