package dev.etcdregistry.config.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Txn;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import tools.jackson.databind.json.JsonMapper;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigBatch;
import dev.etcdregistry.config.ConfigChange;
import dev.etcdregistry.config.ConfigEntry;
import dev.etcdregistry.config.ConfigListener;
import dev.etcdregistry.config.ConfigSnapshot;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;

import static dev.etcdregistry.client.EtcdConnection.bytes;

/**
 * {@link ConfigStore} on jetcd's KV and Watch clients.
 */
public final class EtcdConfigStore implements ConfigStore {

	private final EtcdConnection connection;

	private final JsonMapper mapper;

	private final KV kv;

	public EtcdConfigStore(EtcdConnection connection, JsonMapper mapper) {
		this.connection = connection;
		this.mapper = mapper;
		this.kv = connection.client().getKVClient();
	}

	@Override
	public long put(String key, String value) {
		Keys.checkValue(key, value);
		return this.connection.await(this.kv.put(bytes(key), bytes(value)), "put of key '" + key + "'")
			.getHeader()
			.getRevision();
	}

	@Override
	public Optional<String> get(String key) {
		return getEntry(key).map(ConfigEntry::value);
	}

	@Override
	public <T> Optional<T> get(String key, Class<T> type) {
		Optional<String> value = get(key);
		if (type == String.class || value.isEmpty()) {
			return value.map(type::cast);
		}
		return Optional.ofNullable(ConfigValues.decode(this.mapper, key, value.get(), type));
	}

	@Override
	public Optional<ConfigEntry> getEntry(String key) {
		Keys.checkKey(key);
		GetResponse response = this.connection.await(this.kv.get(bytes(key)), "get of key '" + key + "'");
		return response.getKvs().stream().findFirst().map(EtcdConfigStore::entry);
	}

	@Override
	public ConfigSnapshot getPrefix(String prefix) {
		Keys.checkPrefix(prefix);
		GetResponse response = this.connection.await(
				this.kv.get(bytes(prefix), GetOption.builder().isPrefix(true).build()),
				"read of prefix '" + prefix + "'");
		Map<String, ConfigEntry> entries = new LinkedHashMap<>();
		for (KeyValue keyValue : response.getKvs()) {
			ConfigEntry entry = entry(keyValue);
			entries.put(entry.key(), entry);
		}
		return new ConfigSnapshot(response.getHeader().getRevision(), entries);
	}

	@Override
	public ConfigSnapshot getPrefixes(List<String> prefixes) {
		return readPrefixes(prefixes).snapshot();
	}

	/** One read of several prefixes in one transaction, with the cluster it came from. */
	private record PrefixesRead(ConfigSnapshot snapshot, long clusterId) {
	}

	private PrefixesRead readPrefixes(List<String> prefixes) {
		if (prefixes.isEmpty()) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "No prefix to read; name at least one");
		}
		prefixes.forEach(Keys::checkPrefix);
		Op[] reads = prefixes.stream()
			.map((prefix) -> Op.get(bytes(prefix), GetOption.builder().isPrefix(true).build()))
			.toArray(Op[]::new);
		TxnResponse response = this.connection.await(this.kv.txn().Then(reads).commit(),
				"read of prefixes " + prefixes);
		Map<String, ConfigEntry> entries = new LinkedHashMap<>();
		for (GetResponse get : response.getGetResponses()) {
			for (KeyValue keyValue : get.getKvs()) {
				ConfigEntry entry = entry(keyValue);
				entries.put(entry.key(), entry);
			}
		}
		return new PrefixesRead(new ConfigSnapshot(response.getHeader().getRevision(), entries),
				response.getHeader().getClusterId());
	}

	@Override
	public boolean delete(String key) {
		Keys.checkKey(key);
		return this.connection.await(this.kv.delete(bytes(key)), "delete of key '" + key + "'").getDeleted() > 0;
	}

	@Override
	public long deletePrefix(String prefix) {
		Keys.checkKey(prefix);
		return this.connection
			.await(this.kv.delete(bytes(prefix), DeleteOption.builder().isPrefix(true).build()),
					"delete of prefix '" + prefix + "'")
			.getDeleted();
	}

	@Override
	public boolean compareAndPut(String key, String value, long expectedModRevision) {
		Keys.checkValue(key, value);
		TxnResponse response = this.connection.await(this.kv.txn()
			.If(ConfigBatchOps.condition(key, expectedModRevision))
			.Then(Op.put(bytes(key), bytes(value), PutOption.DEFAULT))
			.commit(), "compare-and-put of key '" + key + "'");
		return response.isSucceeded();
	}

	@Override
	public long commit(ConfigBatch batch) {
		if (batch.operations().isEmpty()) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "The config batch has no operation; add puts or "
					+ "deletes before committing it");
		}
		Txn txn = this.kv.txn();
		txn.If(batch.conditions()
			.stream()
			.map((c) -> ConfigBatchOps.condition(c.key(), c.modRevision()))
			.toArray(Cmp[]::new));
		txn.Then(batch.operations().stream().map(ConfigBatchOps::operation).toArray(Op[]::new));
		String what = "transaction on " + batch.operations().stream().map(ConfigBatch.Operation::key).toList();
		TxnResponse response = this.connection.await(txn.commit(), what);
		if (!response.isSucceeded()) {
			throw new EtcdRegistryException(Reason.CONFLICT, "The " + what + " was not applied: a condition no longer "
					+ "holds " + batch.conditions() + "; read the keys again and retry");
		}
		return response.getHeader().getRevision();
	}

	@Override
	public List<ConfigChange> history(String key) {
		Keys.checkKey(key);
		return new KeyHistory(this.connection, key).read();
	}

	@Override
	public long rollback(String key, long revision) {
		Keys.checkKey(key);
		return new Rollback(this.connection, key, false).to(revision);
	}

	@Override
	public long rollbackPrefix(String prefix, long revision) {
		Keys.checkKey(prefix);
		return new Rollback(this.connection, prefix, true).to(revision);
	}

	@Override
	public ConfigWatch watch(String key, ConfigListener listener) {
		Keys.checkKey(key);
		return new MirroredConfigWatch(this.connection, key, false, listener).start();
	}

	@Override
	public ConfigWatch watchPrefix(String prefix, ConfigListener listener) {
		Keys.checkPrefix(prefix);
		return new MirroredConfigWatch(this.connection, prefix, true, listener).start();
	}

	@Override
	public ConfigWatch watchPrefixes(List<String> prefixes, ConfigListener listener) {
		PrefixesRead read = readPrefixes(prefixes);
		List<ConfigWatch> watches = new ArrayList<>();
		for (String prefix : prefixes) {
			// each prefix continues from the one read: revision + 1, no second read
			Map<String, ConfigEntry> own = new LinkedHashMap<>();
			read.snapshot().entries().forEach((key, entry) -> {
				if (key.startsWith(prefix)) {
					own.put(key, entry);
				}
			});
			watches.add(new MirroredConfigWatch(this.connection, prefix, true, listener)
				.startFrom(new ConfigSnapshot(read.snapshot().revision(), own), read.clusterId(), false));
		}
		return ConfigWatch.combine(watches);
	}

	@Override
	public ConfigWatch watchInBackground(String key, boolean prefix, ConfigListener listener) {
		check(key, prefix);
		return new MirroredConfigWatch(this.connection, key, prefix, listener).startInBackground();
	}

	@Override
	public ConfigWatch resumeWatch(String key, boolean prefix, ConfigSnapshot from, long clusterId, boolean reread,
			ConfigListener listener) {
		check(key, prefix);
		return new MirroredConfigWatch(this.connection, key, prefix, listener).startFrom(from, clusterId, reread);
	}

	private static void check(String key, boolean prefix) {
		if (prefix) {
			Keys.checkPrefix(key);
		}
		else {
			Keys.checkKey(key);
		}
	}

	static ConfigEntry entry(KeyValue kv) {
		return new ConfigEntry(text(kv.getKey()), text(kv.getValue()), kv.getCreateRevision(), kv.getModRevision(),
				kv.getVersion());
	}

	static String text(ByteSequence bytes) {
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
