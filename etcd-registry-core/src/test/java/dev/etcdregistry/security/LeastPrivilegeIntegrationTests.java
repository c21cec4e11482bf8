package dev.etcdregistry.security;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.auth.Permission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigChangeEvent;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.testsupport.TestConnections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An application whose etcd user is no root: its role grants read on
 * {@code <namespace>/services/}, readwrite on its own {@code <namespace>/services/orders/} and
 * read on {@code <namespace>/config/} only, as docs/security.md tells operators to set up (a
 * readwrite grant on all of {@code <namespace>/services/} is a superset of this). Registration, discovery and config watches work;
 * a write outside the grant fails naming the key and the permission that is missing.
 */
@EtcdTest(auth = true)
@Timeout(90)
class LeastPrivilegeIntegrationTests {

	private final String namespace = TestConnections.randomNamespace();

	@Test
	void registryDiscoveryAndConfigWatchWorkWithTheGrantedPrefixesOnly(EtcdCluster etcd) throws Exception {
		String user = "orders-" + this.namespace.substring(4);
		String password = "orders-pw-" + this.namespace.substring(4);
		try (Client root = etcd.newClient()) {
			grant(root, user, password);
			root.getKVClient().put(bytes(this.namespace + "/config/orders/limit"), bytes("5")).get(10, TimeUnit.SECONDS);
			EtcdSettings settings = EtcdSettings.builder()
				.endpoints(etcd.endpoints())
				.username(user)
				.password(password)
				.namespace(this.namespace)
				.build();
			List<ConfigChangeEvent> events = new CopyOnWriteArrayList<>();
			try (EtcdConnection connection = EtcdConnection.connect(settings);
					ServiceRegistry registry = ServiceRegistry.of(connection);
					ServiceDiscovery discovery = ServiceDiscovery.of(connection);
					ConfigWatch watch = ConfigStore.of(connection).watchPrefix("/config/orders/", events::add)) {
				registry.register(ServiceInstance.of("orders", "orders-1", "10.0.0.1", 8080));
				await().untilAsserted(() -> assertThat(discovery.instances("orders")).singleElement()
					.satisfies((instance) -> assertThat(instance.instanceId()).isEqualTo("orders-1")));
				assertThat(watch.value("/config/orders/limit")).contains("5");

				root.getKVClient().put(bytes(this.namespace + "/config/orders/limit"), bytes("6"))
					.get(10, TimeUnit.SECONDS);
				await().untilAsserted(() -> assertThat(watch.value("/config/orders/limit")).contains("6"));

				ConfigStore store = ConfigStore.of(connection);
				assertThatThrownBy(() -> store.put("/config/orders/limit", "7"))
					.isInstanceOfSatisfying(EtcdRegistryException.class,
							(ex) -> assertThat(ex.reason()).isEqualTo(Reason.PERMISSION_DENIED))
					.hasMessageContaining("'" + this.namespace + "/config/orders/limit'")
					.hasMessageContaining("write permission")
					.hasMessageContaining("grant-permission")
					.hasMessageNotContaining(password);
				assertThatThrownBy(() -> store.get("/elsewhere/secret"))
					.isInstanceOfSatisfying(EtcdRegistryException.class,
							(ex) -> assertThat(ex.reason()).isEqualTo(Reason.PERMISSION_DENIED))
					.hasMessageContaining("'" + this.namespace + "/elsewhere/secret'")
					.hasMessageContaining("read permission");
			}
			assertThat(root.getKVClient()
				.get(bytes(this.namespace + "/services/orders/orders-1"))
				.get(10, TimeUnit.SECONDS)
				.getKvs()).as("close revoked the lease: the user may revoke leases on its own keys").isEmpty();
		}
	}

	private void grant(Client root, String user, String password) throws Exception {
		Auth auth = root.getAuthClient();
		ByteSequence role = bytes(user + "-role");
		auth.roleAdd(role).get(10, TimeUnit.SECONDS);
		// stricter than readwrite on all of /services/: discovery reads every service, but this
		// application may write only its own service's keys
		auth.roleGrantPermission(role, bytes(this.namespace + "/services/"), prefixEnd(this.namespace + "/services/"),
				Permission.Type.READ).get(10, TimeUnit.SECONDS);
		auth.roleGrantPermission(role, bytes(this.namespace + "/services/orders/"),
				prefixEnd(this.namespace + "/services/orders/"), Permission.Type.READWRITE).get(10, TimeUnit.SECONDS);
		auth.roleGrantPermission(role, bytes(this.namespace + "/config/"), prefixEnd(this.namespace + "/config/"),
				Permission.Type.READ).get(10, TimeUnit.SECONDS);
		// operators' overrides: discovery reads them all, the instance rewrites its own under a new lease
		auth.roleGrantPermission(role, bytes(this.namespace + "/service-overrides/"),
				prefixEnd(this.namespace + "/service-overrides/"), Permission.Type.READ).get(10, TimeUnit.SECONDS);
		auth.roleGrantPermission(role, bytes(this.namespace + "/service-overrides/orders/"),
				prefixEnd(this.namespace + "/service-overrides/orders/"), Permission.Type.READWRITE)
			.get(10, TimeUnit.SECONDS);
		auth.userAdd(bytes(user), bytes(password)).get(10, TimeUnit.SECONDS);
		auth.userGrantRole(bytes(user), role).get(10, TimeUnit.SECONDS);
	}

	/** The end of a prefix range, as {@code etcdctl ... --prefix} computes it. */
	static ByteSequence prefixEnd(String prefix) {
		byte[] end = prefix.getBytes(StandardCharsets.UTF_8);
		end[end.length - 1]++;
		return ByteSequence.from(end);
	}

	static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

}
