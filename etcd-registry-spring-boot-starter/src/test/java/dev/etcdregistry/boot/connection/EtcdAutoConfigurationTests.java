package dev.etcdregistry.boot.connection;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.boot.testsupport.UnconnectedEtcd;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link EtcdAutoConfiguration}. A user-defined, never-connected
 * {@link EtcdConnection} keeps every test away from the network.
 */
class EtcdAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class));

	@Test
	void defaultSettingsPointAtLocalEtcdWithoutCredentials() {
		this.contextRunner.withBean(EtcdConnection.class, UnconnectedEtcd::connection).run((context) -> {
			EtcdSettings settings = context.getBean(EtcdSettings.class);
			assertThat(settings.endpoints()).containsExactly(URI.create("http://127.0.0.1:2379"));
			assertThat(settings.username()).isNull();
			assertThat(settings.password()).isNull();
			assertThat(settings.namespace()).isEmpty();
			assertThat(settings.connectTimeout()).isEqualTo(EtcdSettings.DEFAULT_CONNECT_TIMEOUT);
			assertThat(settings.requestTimeout()).isEqualTo(EtcdSettings.DEFAULT_REQUEST_TIMEOUT);
			assertThat(context).hasSingleBean(ConfigStore.class);
		});
	}

	@Test
	void settingsAreBoundFromEtcdProperties() {
		this.contextRunner.withBean(EtcdConnection.class, UnconnectedEtcd::connection)
			.withPropertyValues("etcd.endpoints=https://10.0.0.1:2379,https://10.0.0.2:2379", "etcd.username=orders",
					"etcd.password=s3cr3t-value", "etcd.namespace=/prod/", "etcd.connect-timeout=2s",
					"etcd.request-timeout=750ms", "etcd.tls.authority=etcd.internal",
					"etcd.tls.key-password=k3y-s3cr3t")
			.run((context) -> {
				EtcdSettings settings = context.getBean(EtcdSettings.class);
				assertThat(settings.endpoints()).containsExactly(URI.create("https://10.0.0.1:2379"),
						URI.create("https://10.0.0.2:2379"));
				assertThat(settings.username()).isEqualTo("orders");
				assertThat(settings.password()).isEqualTo("s3cr3t-value");
				assertThat(settings.namespace()).isEqualTo("/prod");
				assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(settings.requestTimeout()).isEqualTo(Duration.ofMillis(750));
				assertThat(settings.tls().authority()).isEqualTo("etcd.internal");
				assertThat(settings.tls().keyPassword()).isEqualTo("k3y-s3cr3t");
				assertThat(settings).asString().doesNotContain("s3cr3t-value").doesNotContain("k3y-s3cr3t");
			});
	}

	@Test
	void backsOffFromUserDefinedConnection() {
		EtcdConnection connection = UnconnectedEtcd.connection();
		this.contextRunner.withBean(EtcdConnection.class, () -> connection).run((context) -> {
			assertThat(context).hasSingleBean(EtcdConnection.class);
			assertThat(context.getBean(EtcdConnection.class)).isSameAs(connection);
		});
		assertThat(connection.isClosed()).as("closed with the context").isTrue();
	}

	@Test
	void exposesTheConnectionsJetcdClientWithoutClosingItTwice() {
		EtcdConnection connection = UnconnectedEtcd.connection();
		this.contextRunner.withBean(EtcdConnection.class, () -> connection)
			.run((context) -> assertThat(context.getBean(io.etcd.jetcd.Client.class)).isSameAs(connection.client()));
		assertThat(connection.isClosed()).isTrue();
	}

	@Test
	void backsOffFromUserDefinedClient() {
		io.etcd.jetcd.Client client = io.etcd.jetcd.Client.builder().endpoints(UnconnectedEtcd.ENDPOINT).build();
		try {
			this.contextRunner.withBean(EtcdConnection.class, UnconnectedEtcd::connection)
				.withBean(io.etcd.jetcd.Client.class, () -> client)
				.run((context) -> assertThat(context.getBean(io.etcd.jetcd.Client.class)).isSameAs(client));
		}
		finally {
			client.close();
		}
	}

	@Test
	void backsOffFromUserDefinedSettings() {
		EtcdSettings settings = UnconnectedEtcd.settings();
		this.contextRunner.withBean(EtcdConnection.class, UnconnectedEtcd::connection)
			.withBean(EtcdSettings.class, () -> settings)
			.withPropertyValues("etcd.endpoints=http://10.9.9.9:2379")
			.run((context) -> assertThat(context.getBean(EtcdSettings.class)).isSameAs(settings));
	}

	@Test
	void backsOffFromUserDefinedConfigStore() {
		ConfigStore store = mock(ConfigStore.class);
		this.contextRunner.withBean(EtcdConnection.class, UnconnectedEtcd::connection)
			.withBean(ConfigStore.class, () -> store)
			.run((context) -> {
				assertThat(context).hasSingleBean(ConfigStore.class);
				assertThat(context.getBean(ConfigStore.class)).isSameAs(store);
			});
	}

	@Test
	void disabledCreatesNoBeans() {
		this.contextRunner.withPropertyValues("etcd.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(EtcdSettings.class);
			assertThat(context).doesNotHaveBean(EtcdConnection.class);
			assertThat(context).doesNotHaveBean(ConfigStore.class);
			assertThat(context).doesNotHaveBean(EtcdProperties.class);
		});
	}

	@Test
	void endpointWithWrongSchemeFailsTheContextNamingTheFix() {
		this.contextRunner.withPropertyValues("etcd.endpoints=tcp://127.0.0.1:2379").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(EtcdRegistryException.class)
				.hasMessageContaining("'tcp://127.0.0.1:2379' must start with http:// or https://")
				.satisfies((ex) -> assertThat(((EtcdRegistryException) ex).reason())
					.isEqualTo(Reason.INVALID_ARGUMENT));
		});
	}

	@Test
	void endpointThatIsNoUrlFailsTheContextNamingTheFix() {
		this.contextRunner.withPropertyValues("etcd.endpoints=127.0.0.1:2379").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(EtcdRegistryException.class)
				.hasMessageContaining("etcd endpoint '127.0.0.1:2379' is not a URL")
				.hasMessageContaining("http://host:2379");
		});
	}

	@Test
	void endpointWithoutPortFailsTheContextNamingTheFix() {
		this.contextRunner.withPropertyValues("etcd.endpoints=http://etcd.internal").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(EtcdRegistryException.class)
				.hasMessageContaining("has no port")
				.hasMessageContaining("http://etcd.internal:2379");
		});
	}

}
