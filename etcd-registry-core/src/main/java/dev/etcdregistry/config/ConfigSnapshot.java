package dev.etcdregistry.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys under a prefix as read at one etcd revision.
 *
 * @param revision the revision of the read
 * @param entries the entries by key, in key order
 */
public record ConfigSnapshot(long revision, Map<String, ConfigEntry> entries) {

	public ConfigSnapshot {
		entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
	}

	/** The values by key, in key order. */
	public Map<String, String> values() {
		Map<String, String> values = new LinkedHashMap<>();
		this.entries.forEach((key, entry) -> values.put(key, entry.value()));
		return java.util.Collections.unmodifiableMap(values);
	}

	@Override
	public String toString() {
		return "ConfigSnapshot{revision=" + this.revision + ", keys=" + this.entries.keySet() + "}";
	}

}
