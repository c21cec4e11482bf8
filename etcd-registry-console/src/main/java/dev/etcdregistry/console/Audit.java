package dev.etcdregistry.console;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.config.ConfigEntry;
import dev.etcdregistry.config.ConfigStore;

import org.springframework.stereotype.Component;

/**
 * Who changed what: one record per publish, rollback or traffic switch, written in the same
 * etcd transaction as the change, under {@code <audit-prefix><scope>/<time>-<random>}. The
 * record's own create revision is the revision of the change. Scopes are
 * {@code config/<context>} and {@code services/<service>}, so a role can be granted the
 * audit of exactly the contexts it may change.
 */
@Component
public class Audit {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String prefix;

	public Audit(ConsoleProperties properties) {
		String configured = properties.getConfig().getAuditPrefix();
		this.prefix = configured.endsWith("/") ? configured : configured + "/";
	}

	/** One audit record as read back. */
	public record Entry(long revision, String user, String at, String action, Map<String, Long> keys) {
	}

	/** A fresh key for a record in {@code scope}; keys sort by time. */
	public String newKey(String scope, Instant now) {
		return scopePrefix(scope) + DateTimeFormatter.ISO_INSTANT.format(now) + "-"
				+ Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
	}

	public String scopePrefix(String scope) {
		return this.prefix + scope + "/";
	}

	/**
	 * The record's JSON.
	 * @param keys each changed key with its mod revision before the change (0: it did not exist)
	 */
	public String record(String user, Instant at, String action, Map<String, Long> keys) {
		ObjectNode node = json.createObjectNode();
		node.put("user", user);
		node.put("at", DateTimeFormatter.ISO_INSTANT.format(at));
		node.put("action", action);
		ObjectNode changed = node.putObject("keys");
		keys.forEach(changed::put);
		return json.writeValueAsString(node);
	}

	/** The records of a scope, newest first; empty when the user may not read them. */
	public List<Entry> read(ConfigStore store, String scope) {
		List<Entry> entries = new ArrayList<>();
		Map<String, ConfigEntry> stored;
		try {
			stored = store.getPrefix(scopePrefix(scope)).entries();
		}
		catch (EtcdRegistryException ex) {
			return entries;
		}
		for (ConfigEntry entry : stored.values()) {
			try {
				JsonNode node = json.readTree(entry.value());
				Map<String, Long> keys = new LinkedHashMap<>();
				node.path("keys").properties().forEach((e) -> keys.put(e.getKey(), e.getValue().asLong()));
				entries.add(new Entry(entry.createRevision(), node.path("user").asString("?"),
						node.path("at").asString("?"), node.path("action").asString("?"), keys));
			}
			catch (RuntimeException ex) {
				// not a record of ours: leave it out
			}
		}
		entries.sort(Comparator.comparingLong(Entry::revision).reversed());
		return entries;
	}

}
