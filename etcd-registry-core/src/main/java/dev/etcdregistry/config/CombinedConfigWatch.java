package dev.etcdregistry.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Several watches of disjoint keys seen as one ({@link ConfigWatch#combine}).
 */
final class CombinedConfigWatch implements ConfigWatch {

	private final List<ConfigWatch> watches;

	CombinedConfigWatch(List<ConfigWatch> watches) {
		this.watches = List.copyOf(watches);
	}

	@Override
	public Map<String, String> values() {
		Map<String, String> values = new TreeMap<>();
		this.watches.forEach((watch) -> values.putAll(watch.values()));
		return Collections.unmodifiableMap(values);
	}

	@Override
	public Optional<String> value(String key) {
		for (ConfigWatch watch : this.watches) {
			Optional<String> value = watch.value(key);
			if (value.isPresent()) {
				return value;
			}
		}
		return Optional.empty();
	}

	@Override
	public long revision() {
		return this.watches.stream().mapToLong(ConfigWatch::revision).max().orElse(0);
	}

	@Override
	public long clusterId() {
		return this.watches.stream().mapToLong(ConfigWatch::clusterId).filter((id) -> id != 0).findFirst().orElse(0);
	}

	@Override
	public void close() {
		this.watches.forEach(ConfigWatch::close);
	}

}
