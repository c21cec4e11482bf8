package dev.etcdregistry.registry.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceKeys;

/** The names of the services registered, from one keys-only read of {@code /services/} (no values). */
final class ServiceNames {

	private ServiceNames() {
	}

	static List<String> read(EtcdConnection connection) {
		GetOption keysOnly = GetOption.builder().isPrefix(true).withKeysOnly(true).build();
		List<KeyValue> kvs = connection
			.await(connection.client().getKVClient().get(EtcdConnection.bytes(ServiceKeys.SERVICES), keysOnly),
					"keys-only read of " + ServiceKeys.SERVICES)
			.getKvs();
		TreeSet<String> names = new TreeSet<>();
		for (KeyValue kv : kvs) {
			String[] parts = ServiceKeys.split(ServiceKeys.SERVICES, kv.getKey().toString(StandardCharsets.UTF_8));
			if (parts != null) {
				names.add(parts[0]);
			}
		}
		return new ArrayList<>(names);
	}

	/** Whether the name can be a service of the key layout (a lookup of anything else finds nothing). */
	static boolean isValid(String name) {
		try {
			ServiceInstance.checkName(name, "service name");
			return true;
		}
		catch (EtcdRegistryException ex) {
			return false;
		}
	}

}
