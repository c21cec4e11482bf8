package dev.etcdregistry.benchmarks;

import java.time.Duration;
import java.util.List;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.registry.RegistryOptions;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * The child JVM of figure 5: registers one instance with the core API and a short lease TTL, says
 * {@code REGISTERED} on stdout and waits to be killed. Arguments: endpoints, service, instance
 * id, TTL in seconds.
 */
public final class CrashChild {

	private CrashChild() {
	}

	public static void main(String[] args) throws Exception {
		EtcdConnection connection = EtcdConnection
			.connect(EtcdSettings.builder().endpoints(List.of(args[0].split(","))).build());
		ServiceRegistry registry = ServiceRegistry.of(connection,
				RegistryOptions.defaults().withTtl(Duration.ofSeconds(Long.parseLong(args[3]))));
		registry.register(ServiceInstance.of(args[1], args[2], "127.0.0.1", 9200));
		System.out.println("REGISTERED");
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
