package dev.etcdregistry.console.registry;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.console.Audit;
import dev.etcdregistry.console.EtcdSession;
import dev.etcdregistry.registry.ServiceKeys;

import static dev.etcdregistry.client.EtcdConnection.bytes;

/**
 * Takes an instance out of traffic and back in. Out: the override key
 * {@code /service-overrides/<service>/<id>} gets {@code {"status":"OUT_OF_SERVICE","by":..,"at":..}}
 * attached to the <b>instance key's lease</b>, so it goes when the instance goes; written only
 * if the instance key is still the one read (same create revision). In: the override is
 * deleted. Either way an audit record is written in the same transaction.
 */
final class TrafficSwitch {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final EtcdSession session;

	private final Audit audit;

	TrafficSwitch(EtcdSession session, Audit audit) {
		this.session = session;
		this.audit = audit;
	}

	/** @return the revision of the write */
	long takeOut(String service, String id) {
		EtcdConnection connection = this.session.connection();
		String instanceKey = ServiceKeys.instanceKey(service, id);
		KeyValue instance = connection.await(connection.client().getKVClient().get(bytes(instanceKey)),
				"get of key '" + instanceKey + "'")
			.getKvs()
			.stream()
			.findFirst()
			.orElseThrow(() -> gone(service, id));
		Instant now = Instant.now();
		ObjectNode value = json.createObjectNode();
		value.put(ServiceKeys.STATUS, ServiceKeys.OUT_OF_SERVICE);
		value.put("by", this.session.user());
		value.put("at", DateTimeFormatter.ISO_INSTANT.format(now));
		String overrideKey = ServiceKeys.overrideKey(service, id);
		PutOption withLease = PutOption.builder().withLeaseId(instance.getLease()).build();
		return commit(service, id, now, "out of traffic " + id,
				new Cmp(bytes(instanceKey), Cmp.Op.EQUAL, CmpTarget.createRevision(instance.getCreateRevision())),
				Op.put(bytes(overrideKey), bytes(json.writeValueAsString(value)), withLease));
	}

	/** @return the revision of the delete */
	long putBack(String service, String id) {
		String overrideKey = ServiceKeys.overrideKey(service, id);
		return commit(service, id, Instant.now(), "back in traffic " + id,
				new Cmp(bytes(overrideKey), Cmp.Op.GREATER, CmpTarget.version(0)),
				Op.delete(bytes(overrideKey), DeleteOption.DEFAULT));
	}

	private long commit(String service, String id, Instant now, String action, Cmp guard, Op write) {
		EtcdConnection connection = this.session.connection();
		String overrideKey = ServiceKeys.overrideKey(service, id);
		String auditKey = this.audit.newKey("services/" + service, now);
		String record = this.audit.record(this.session.user(), now, action, Map.of(overrideKey, 0L));
		TxnResponse response = connection.await(connection.client()
			.getKVClient()
			.txn()
			.If(guard)
			.Then(write, Op.put(bytes(auditKey), bytes(record), PutOption.DEFAULT))
			.commit(), "transaction on key '" + overrideKey + "'");
		if (!response.isSucceeded()) {
			throw new EtcdRegistryException(Reason.CONFLICT, "Instance '" + id + "' of service '" + service
					+ "' changed meanwhile (it left, re-registered, or someone else switched it); reload and retry");
		}
		return response.getHeader().getRevision();
	}

	private static EtcdRegistryException gone(String service, String id) {
		return new EtcdRegistryException(Reason.INVALID_ARGUMENT,
				"Instance '" + id + "' of service '" + service + "' is not registered (any more); reload the page");
	}

}
