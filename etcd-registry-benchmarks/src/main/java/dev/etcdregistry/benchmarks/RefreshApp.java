package dev.etcdregistry.benchmarks;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Figure 9's application, with Spring Cloud Context: a {@code @Value} field of a singleton, a
 * {@code @RefreshScope} bean built from a {@code @Value}, and {@code @ConfigurationProperties}
 * bound from a YAML document stored in one key, all fed by {@code spring.config.import=etcd:}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableConfigurationProperties(RefreshApp.DocProperties.class)
public class RefreshApp {

	/** Spring Cloud's auto-configurations, for the figures that run without them. */
	static final String SPRING_CLOUD_AUTO_CONFIGURATIONS = "org.springframework.cloud.autoconfigure.RefreshAutoConfiguration,"
			+ "org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration,"
			+ "org.springframework.cloud.autoconfigure.LifecycleMvcEndpointAutoConfiguration,"
			+ "org.springframework.cloud.autoconfigure.RefreshEndpointAutoConfiguration,"
			+ "org.springframework.cloud.autoconfigure.WritableEnvironmentEndpointAutoConfiguration";

	@Bean
	ValueHolder valueHolder() {
		return new ValueHolder();
	}

	@Bean
	@RefreshScope
	Scoped scoped(@Value("${bench.scoped:none}") String value) {
		return new Scoped(value);
	}

	/** A singleton with a {@code @Value} field, injected again in place by the starter. */
	public static class ValueHolder {

		@Value("${bench.field:none}")
		volatile String value;

	}

	/** Built again (on next use) after each change. */
	public static class Scoped {

		private final String value;

		public Scoped(String value) {
			this.value = value;
		}

		public String value() {
			return this.value;
		}

	}

	/** Bound from the YAML document {@code /config/<app>/application.yaml}. */
	@ConfigurationProperties("docbench")
	public static class DocProperties {

		private volatile String value = "none";

		public String getValue() {
			return this.value;
		}

		public void setValue(String value) {
			this.value = value;
		}

	}

}
