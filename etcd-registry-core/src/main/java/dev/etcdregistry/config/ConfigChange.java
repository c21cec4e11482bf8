package dev.etcdregistry.config;

/**
 * One key's change. {@link #toString()} leaves the values out, since config values may be
 * secrets.
 *
 * @param key the key (without the connection's namespace)
 * @param type put or delete
 * @param oldValue the value before, {@code null} when the key did not exist (or is unknown
 * because etcd compacted it)
 * @param newValue the value after, {@code null} for a delete
 * @param revision the etcd revision of the change
 */
public record ConfigChange(String key, Type type, String oldValue, String newValue, long revision) {

	/** The kind of change. */
	public enum Type {

		/** The key was created or given a new value. */
		PUT,

		/** The key was deleted (or expired with its lease). */
		DELETE

	}

	@Override
	public String toString() {
		return "ConfigChange{" + this.type + " '" + this.key + "' at revision " + this.revision + "}";
	}

}
