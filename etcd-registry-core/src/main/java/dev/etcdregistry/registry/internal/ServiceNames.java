package dev.etcdregistry.registry.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceKeys;

/**
 * The names of the services registered, from keys-only reads of {@code /services/} (no values).
 * One read of a large fleet would not fit a gRPC message (jetcd takes 4 MiB by default: about
 * 100,000 short keys), so the keys come in pages, and each page starts after the last service
 * seen, skipping the rest of its instances. Pages are read at the revision of their own: a
 * service registered or gone during the read may or may not be listed, one registered
 * throughout always is.
 */
final class ServiceNames {

	/** Keys per page: 5,000 keys of up to ~800 bytes stay under gRPC's 4 MiB. */
	static final int PAGE = 5_000;

	private ServiceNames() {
	}

	static List<String> read(EtcdConnection connection) {
		return read(connection, PAGE);
	}

	static List<String> read(EtcdConnection connection, int page) {
		ByteSequence end = EtcdConnection.bytes(ServiceKeys.SERVICES.substring(0, ServiceKeys.SERVICES.length() - 1)
				+ (char) (ServiceKeys.SERVICES.charAt(ServiceKeys.SERVICES.length() - 1) + 1));
		GetOption keysOnly = GetOption.builder().withRange(end).withKeysOnly(true).withLimit(page).build();
		TreeSet<String> names = new TreeSet<>();
		String from = ServiceKeys.SERVICES;
		while (true) {
			GetResponse response = connection.await(
					connection.client().getKVClient().get(EtcdConnection.bytes(from), keysOnly),
					"keys-only read of " + ServiceKeys.SERVICES);
			String last = null;
			for (KeyValue kv : response.getKvs()) {
				last = kv.getKey().toString(StandardCharsets.UTF_8);
				String[] parts = ServiceKeys.split(ServiceKeys.SERVICES, last);
				if (parts != null) {
					names.add(parts[0]);
				}
			}
			if (!response.isMore() || last == null) {
				return new ArrayList<>(names);
			}
			String[] parts = ServiceKeys.split(ServiceKeys.SERVICES, last);
			// '0' follows '/': the first key past every /services/<name>/... key
			from = (parts != null) ? ServiceKeys.SERVICES + parts[0] + "0" : last + '\0';
		}
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
