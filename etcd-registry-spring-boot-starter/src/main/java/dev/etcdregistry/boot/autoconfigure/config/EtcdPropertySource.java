package dev.etcdregistry.boot.autoconfigure.config;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.core.env.EnumerablePropertySource;

/**
 * The properties imported from etcd for a list of contexts (key prefixes such as
 * {@code /config/application/} and {@code /config/orders/}; a later context wins). The rest
 * of a key below its context is the property name, with {@code /} read as {@code .}:
 * {@code /config/orders/spring/datasource/url} is {@code spring.datasource.url}.
 *
 * <p>Updated in place: each update swaps in a complete new map, so a reader sees either all
 * or none of the changes of one etcd revision.
 */
final class EtcdPropertySource extends EnumerablePropertySource<List<String>> {

	private volatile Map<String, String> properties = Map.of();

	/** The etcd key behind each property, for diagnostics. */
	private volatile Map<String, String> keys = Map.of();

	EtcdPropertySource(String name, List<String> contexts) {
		super(name, List.copyOf(contexts));
	}

	List<String> contexts() {
		return getSource();
	}

	/**
	 * Recomputes the properties from all values under the import prefix.
	 * @return the names of the properties that were added, changed or removed
	 */
	synchronized Set<String> update(Map<String, String> etcdValues) {
		Map<String, String> newProperties = new LinkedHashMap<>();
		Map<String, String> newKeys = new LinkedHashMap<>();
		for (String context : contexts()) {
			etcdValues.forEach((key, value) -> {
				String name = propertyName(context, key);
				if (name != null) {
					newProperties.put(name, value);
					newKeys.put(name, key);
				}
			});
		}
		Set<String> changed = new HashSet<>();
		Map<String, String> old = this.properties;
		newProperties.forEach((name, value) -> {
			if (!Objects.equals(old.get(name), value)) {
				changed.add(name);
			}
		});
		old.keySet().stream().filter((name) -> !newProperties.containsKey(name)).forEach(changed::add);
		this.properties = Collections.unmodifiableMap(newProperties);
		this.keys = Collections.unmodifiableMap(newKeys);
		return changed;
	}

	/** What the source holds now, to put back with {@link #restore} if an update must be undone. */
	synchronized Object[] state() {
		return new Object[] { this.properties, this.keys };
	}

	@SuppressWarnings("unchecked")
	synchronized void restore(Object[] state) {
		this.properties = (Map<String, String>) state[0];
		this.keys = (Map<String, String>) state[1];
	}

	/** The property a key maps to in {@code context}, or {@code null} when it is not under it. */
	static String propertyName(String context, String key) {
		if (!key.startsWith(context) || key.endsWith("/")) {
			return null;
		}
		String rest = key.substring(context.length());
		while (rest.startsWith("/")) {
			rest = rest.substring(1);
		}
		return rest.isEmpty() ? null : rest.replace('/', '.');
	}

	/** The etcd key behind each property name. */
	Map<String, String> keys() {
		return this.keys;
	}

	@Override
	public Object getProperty(String name) {
		return this.properties.get(name);
	}

	@Override
	public boolean containsProperty(String name) {
		return this.properties.containsKey(name);
	}

	@Override
	public String[] getPropertyNames() {
		return this.properties.keySet().toArray(String[]::new);
	}

}
