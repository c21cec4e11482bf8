package dev.etcdregistry.boot.config;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.auth.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The import reads and watches this application's contexts only: a user whose role may read
 * {@code /config/application/} and {@code /config/orders/} (and {@code /services/} for discovery)
 * starts the application, imports, refreshes and follows changes; another application's keys
 * are never read (etcd would refuse them, and the start would fail).
 */
@EtcdTest(auth = true)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LeastPrivilegeImportIntegrationTests {

	private final String namespace = "/it-" + UUID.randomUUID().toString().substring(0, 8);

	@Test
	void aRoleWithReadOnItsContextsIsEnough(EtcdCluster etcd) throws Exception {
		String user = "orders" + this.namespace.substring(4);
		String password = "pw-" + UUID.randomUUID();
		try (Client root = etcd.newClient()) {
			put(root, "/config/application/shared.flag", "on");
			put(root, "/config/orders/orders.greeting", "hello");
			put(root, "/config/billing/billing.secret", "not for orders");
			Auth auth = root.getAuthClient();
			ByteSequence role = bytes(user);
			auth.roleAdd(role).get(10, TimeUnit.SECONDS);
			grant(auth, role, "/config/application/");
			grant(auth, role, "/config/orders/");
			grant(auth, role, "/services/");
			auth.userAdd(bytes(user), bytes(password)).get(10, TimeUnit.SECONDS);
			auth.userGrantRole(bytes(user), role).get(10, TimeUnit.SECONDS);
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CloudApp.class).run(
					"--etcd.endpoints=" + etcd.endpointsAsString(), "--etcd.namespace=" + this.namespace,
					"--etcd.username=" + user, "--etcd.password=" + password, "--spring.application.name=orders",
					"--spring.config.import=etcd:", "--server.port=0",
					"--management.endpoints.web.exposure.include=refresh", "--spring.main.banner-mode=off")) {
				assertThat(context.getEnvironment().getProperty("shared.flag")).isEqualTo("on");
				assertThat(context.getEnvironment().getProperty("orders.greeting")).isEqualTo("hello");
				assertThat(context.getEnvironment().getProperty("billing.secret")).isNull();
				CloudApp.Greeter greeter = context.getBean(CloudApp.Greeter.class);
				put(root, "/config/orders/orders.greeting", "changed");
				put(root, "/config/billing/billing.secret", "still not for orders");
				await().untilAsserted(() -> assertThat(greeter.greeting()).isEqualTo("changed"));
				CloudApp.refresh(context);
				assertThat(context.getEnvironment().getProperty("orders.greeting")).isEqualTo("changed");
				assertThat(context.getEnvironment().getProperty("billing.secret")).isNull();
				assertThat(context.getBean(CloudApp.Changes.class).events)
					.allSatisfy((event) -> assertThat(event.getKeys()).noneMatch((key) -> key.contains("billing")));
			}
		}
	}

	@Test
	void aRoleWithReadOnTheExplicitLocationOnlyIsEnough(EtcdCluster etcd) throws Exception {
		String user = "docs" + this.namespace.substring(4);
		String password = "pw-" + UUID.randomUUID();
		try (Client root = etcd.newClient()) {
			put(root, "/teams/orders/application.yaml", "orders:\n  greeting: from the document\n");
			put(root, "/config/orders/orders.greeting", "from the context, not imported");
			put(root, "/config/application/shared.flag", "not imported either");
			Auth auth = root.getAuthClient();
			ByteSequence role = bytes(user);
			auth.roleAdd(role).get(10, TimeUnit.SECONDS);
			// the document key as a prefix: what a watch of the key needs
			grant(auth, role, "/teams/orders/application.yaml");
			grant(auth, role, "/services/");
			auth.userAdd(bytes(user), bytes(password)).get(10, TimeUnit.SECONDS);
			auth.userGrantRole(bytes(user), role).get(10, TimeUnit.SECONDS);
			try (ConfigurableApplicationContext context = new SpringApplicationBuilder(CloudApp.class).run(
					"--etcd.endpoints=" + etcd.endpointsAsString(), "--etcd.namespace=" + this.namespace,
					"--etcd.username=" + user, "--etcd.password=" + password, "--spring.application.name=orders",
					"--spring.config.import=etcd:/teams/orders/application.yaml", "--server.port=0",
					"--management.endpoints.web.exposure.include=refresh", "--spring.main.banner-mode=off")) {
				assertThat(context.getEnvironment().getProperty("orders.greeting")).isEqualTo("from the document");
				assertThat(context.getEnvironment().getProperty("shared.flag")).isNull();
				CloudApp.Greeter greeter = context.getBean(CloudApp.Greeter.class);
				put(root, "/teams/orders/application.yaml", "orders:\n  greeting: changed\n");
				await().untilAsserted(() -> assertThat(greeter.greeting()).isEqualTo("changed"));
				CloudApp.refresh(context);
				assertThat(context.getEnvironment().getProperty("orders.greeting")).isEqualTo("changed");
			}
		}
	}

	private void put(Client root, String key, String value) throws Exception {
		root.getKVClient().put(bytes(this.namespace + key), bytes(value)).get(10, TimeUnit.SECONDS);
	}

	private void grant(Auth auth, ByteSequence role, String prefix) throws Exception {
		byte[] end = (this.namespace + prefix).getBytes(StandardCharsets.UTF_8);
		end[end.length - 1]++;
		auth.roleGrantPermission(role, bytes(this.namespace + prefix), ByteSequence.from(end), Permission.Type.READ)
			.get(10, TimeUnit.SECONDS);
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

}
