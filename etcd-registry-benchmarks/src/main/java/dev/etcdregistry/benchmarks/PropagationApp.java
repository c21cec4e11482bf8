package dev.etcdregistry.benchmarks;

import dev.etcdregistry.boot.annotation.EtcdConfigValue;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The minimal Spring Boot application of figures 2 and 3: the starter's auto-configuration, one
 * bean with a volatile {@code @EtcdConfigValue} field and one {@code @ConfigurationProperties}
 * bean fed by {@code spring.config.import=etcd:}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableConfigurationProperties(PropagationApp.BenchProperties.class)
public class PropagationApp {

	static final String FIELD_KEY = "/bench/field";

	@Bean
	Holder holder() {
		return new Holder();
	}

	/** Holds the annotated field. */
	public static class Holder {

		@EtcdConfigValue(key = FIELD_KEY, defaultValue = "none")
		volatile String value;

	}

	/** Bound from {@code /config/<app>/bench/value}. */
	@ConfigurationProperties("bench")
	public static class BenchProperties {

		private volatile String value = "none";

		public String getValue() {
			return this.value;
		}

		public void setValue(String value) {
			this.value = value;
		}

	}

}
