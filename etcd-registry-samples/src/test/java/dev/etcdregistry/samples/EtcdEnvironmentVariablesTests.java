package dev.etcdregistry.samples;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.etcdregistry.boot.connection.EtcdProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the samples' docs promise: {@code ETCD_ENDPOINTS}, {@code ETCD_USERNAME},
 * {@code ETCD_PASSWORD} and {@code ETCD_NAMESPACE} set {@code etcd.*} through Spring's relaxed
 * binding of environment variables, with no mapping of our own.
 */
class EtcdEnvironmentVariablesTests {

	@Test
	void environmentVariablesBindToEtcdProperties() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					Map.of("ETCD_ENDPOINTS", "http://10.0.0.1:2379,http://10.0.0.2:2379", "ETCD_USERNAME", "app",
							"ETCD_PASSWORD", "secret", "ETCD_NAMESPACE", "/staging")));
		ConfigurationPropertySources.attach(environment);

		EtcdProperties properties = Binder.get(environment).bind("etcd", EtcdProperties.class).get();

		assertThat(properties.getEndpoints()).containsExactly("http://10.0.0.1:2379", "http://10.0.0.2:2379");
		assertThat(properties.getUsername()).isEqualTo("app");
		assertThat(properties.getPassword()).isEqualTo("secret");
		assertThat(properties.getNamespace()).isEqualTo("/staging");
	}

}
