package dev.etcdregistry.boot.config;

import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.convert.support.DefaultConversionService;
import tools.jackson.databind.json.JsonMapper;

import dev.etcdregistry.boot.annotation.EtcdConfigValue;
import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EtcdConfigValues} life cycle: a watch being started (etcd slow to answer) does not hold
 * up the context's close, and prototype beans are not kept alive by their bindings.
 */
@EtcdTest
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EtcdConfigValuesIntegrationTests {

	private final String namespace = "/it-" + UUID.randomUUID().toString().substring(0, 8);

	private EtcdConnection connection;

	private ConfigStore store;

	@BeforeEach
	void connect(EtcdCluster etcd) {
		this.connection = EtcdConnection.connect(EtcdSettings.builder()
			.endpoints(etcd.endpoints())
			.namespace(this.namespace)
			.build());
		this.store = ConfigStore.of(this.connection);
	}

	@AfterEach
	void close() {
		this.connection.close();
	}

	@Test
	void closingDoesNotWaitForAWatchThatIsStillReading() throws Exception {
		CountDownLatch reading = new CountDownLatch(1);
		CountDownLatch answer = new CountDownLatch(1);
		// etcd taking its time over the first read of a key: held until the test lets it go
		ConfigStore slow = (ConfigStore) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { ConfigStore.class }, (proxy, method, args) -> {
					if (method.getName().equals("watch")) {
						reading.countDown();
						answer.await(60, TimeUnit.SECONDS);
					}
					try {
						return method.invoke(this.store, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
		EtcdConfigValues values = new EtcdConfigValues(slow, new DefaultConversionService(),
				JsonMapper.builder().build(), (event) -> {
				});
		Holder holder = new Holder();
		ConfigValueMember member = ConfigValueMember.of(Holder.class.getDeclaredField("limit"));
		CompletableFuture<Void> binding = CompletableFuture
			.runAsync(() -> values.bind(holder, member, "/app/limit", "3", false));
		try {
			assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue();
			CompletableFuture<Void> destroy = CompletableFuture.runAsync(values::destroy);
			await().atMost(Duration.ofSeconds(10)).until(destroy::isDone);
		}
		finally {
			answer.countDown();
		}
		binding.handle((ok, failure) -> null).get(30, TimeUnit.SECONDS);
		assertThat(values.watchedKeys()).isEmpty();
	}

	@Test
	void prototypeBeansAreReleased(EtcdCluster etcd) {
		this.store.put("/app/limit", "4");
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(PrototypeConfig.class)
			.web(WebApplicationType.NONE)
			.run("--etcd.endpoints=" + etcd.endpointsAsString(), "--etcd.namespace=" + this.namespace)) {
			WeakReference<Holder> dropped = new WeakReference<>(context.getBean(Holder.class));
			Holder kept = context.getBean(Holder.class);
			assertThat(kept.limit).isEqualTo(4);
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				System.gc();
				return dropped.get() == null;
			});
			this.store.put("/app/limit", "5");
			await().untilAsserted(() -> assertThat(kept.limit).isEqualTo(5));
			assertThat(context.getBean(EtcdConfigValues.class).watchedKeys()).hasSize(1);
		}
	}

	static class Holder {

		@EtcdConfigValue(key = "/app/limit", defaultValue = "1")
		volatile int limit;

		Holder() {
			this.limit = 0;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdAutoConfiguration.class, EtcdConfigAutoConfiguration.class })
	static class PrototypeConfig {

		@Bean
		@Scope("prototype")
		Holder holder() {
			return new Holder();
		}

	}

}
