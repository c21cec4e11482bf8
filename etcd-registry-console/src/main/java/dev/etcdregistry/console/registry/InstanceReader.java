package dev.etcdregistry.console.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.lease.LeaseTimeToLiveResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.console.RevisionClock;
import dev.etcdregistry.registry.ServiceKeys;

import static dev.etcdregistry.client.EtcdConnection.bytes;

/**
 * Reads one service's instances as the signed-in user: the instance keys (with their lease
 * and create revision), the time left on each distinct lease, and the console's overrides.
 */
final class InstanceReader {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final EtcdConnection connection;

	private final RevisionClock clock;

	InstanceReader(EtcdConnection connection, RevisionClock clock) {
		this.connection = connection;
		this.clock = clock;
	}

	List<InstanceRow> read(String service) {
		GetResponse instances = get(ServiceKeys.SERVICES + service + "/", "read of service '" + service + "'");
		Map<String, InstanceRow.Override> overrides = overrides(service);
		Map<Long, CompletableFuture<LeaseTimeToLiveResponse>> leases = new HashMap<>();
		for (KeyValue kv : instances.getKvs()) {
			if (kv.getLease() != 0) {
				leases.computeIfAbsent(kv.getLease(), (id) -> this.connection.client()
					.getLeaseClient()
					.timeToLive(id, LeaseOption.DEFAULT));
			}
		}
		List<InstanceRow> rows = new ArrayList<>();
		for (KeyValue kv : instances.getKvs()) {
			String id = text(kv.getKey()).substring(ServiceKeys.instanceKey(service, "").length());
			long ttl = -1;
			long granted = -1;
			if (kv.getLease() != 0) {
				LeaseTimeToLiveResponse lease = lease(leases.get(kv.getLease()), kv.getLease());
				if (lease != null) {
					ttl = lease.getTTL();
					granted = lease.getGrantedTTL();
				}
			}
			rows.add(row(id, text(kv.getValue()), kv, ttl, granted, overrides.get(id)));
		}
		return rows;
	}

	private InstanceRow row(String id, String value, KeyValue kv, long ttl, long granted,
			InstanceRow.Override override) {
		String address;
		boolean secure = false;
		String status = ServiceKeys.UP;
		Map<String, String> metadata = new LinkedHashMap<>();
		try {
			JsonNode node = json.readTree(value);
			address = node.path("host").asString("?") + ":" + node.path("port").asString("?");
			secure = node.path("secure").asBoolean(false);
			if (node.hasNonNull(ServiceKeys.STATUS)) {
				status = node.get(ServiceKeys.STATUS).asString();
			}
			node.path("metadata").properties().forEach((e) -> metadata.put(e.getKey(), e.getValue().asString()));
		}
		catch (RuntimeException ex) {
			// a value someone else wrote by hand: show the row, say it is unreadable, never quote it
			address = "(not instance JSON)";
			status = "UNREADABLE";
		}
		return new InstanceRow(id, address, secure, metadata, status, kv.getLease(), ttl, granted,
				kv.getCreateRevision(), this.clock.timeOf(kv.getCreateRevision()), override);
	}

	private Map<String, InstanceRow.Override> overrides(String service) {
		Map<String, InstanceRow.Override> overrides = new HashMap<>();
		GetResponse response;
		try {
			response = get(ServiceKeys.overridePrefix(service), "read of the overrides of service '" + service + "'");
		}
		catch (EtcdRegistryException ex) {
			if (ex.reason() == Reason.PERMISSION_DENIED) {
				return overrides;
			}
			throw ex;
		}
		for (KeyValue kv : response.getKvs()) {
			String id = text(kv.getKey()).substring(ServiceKeys.overridePrefix(service).length());
			try {
				JsonNode node = json.readTree(text(kv.getValue()));
				overrides.put(id, new InstanceRow.Override(node.path(ServiceKeys.STATUS).asString(ServiceKeys.OUT_OF_SERVICE),
						node.path("by").asString("?"), node.path("at").asString("?")));
			}
			catch (RuntimeException ex) {
				overrides.put(id, new InstanceRow.Override(ServiceKeys.OUT_OF_SERVICE, "?", "?"));
			}
		}
		return overrides;
	}

	private LeaseTimeToLiveResponse lease(CompletableFuture<LeaseTimeToLiveResponse> call, long id) {
		try {
			return this.connection.await(call, "time to live of lease " + Long.toHexString(id));
		}
		catch (EtcdRegistryException ex) {
			// the lease may have just expired, or the user may not read every key on it: show "?"
			return null;
		}
	}

	private GetResponse get(String prefix, String what) {
		return this.connection.await(
				this.connection.client().getKVClient().get(bytes(prefix), GetOption.builder().isPrefix(true).build()),
				what);
	}

	static String text(io.etcd.jetcd.ByteSequence bytes) {
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
