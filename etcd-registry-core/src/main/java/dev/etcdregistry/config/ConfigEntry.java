package dev.etcdregistry.config;

/**
 * A config key as stored in etcd, with its revisions. {@link #toString()} leaves the value
 * out, since config values may be secrets.
 *
 * @param key the key (without the connection's namespace)
 * @param value the value, decoded as UTF-8
 * @param createRevision the revision that created the key
 * @param modRevision the revision of the last change; use it for {@link ConfigStore#compareAndPut}
 * @param version how many times the key was written since it was created
 */
public record ConfigEntry(String key, String value, long createRevision, long modRevision, long version) {

	@Override
	public String toString() {
		return "ConfigEntry{key='" + this.key + "', modRevision=" + this.modRevision + ", version=" + this.version
				+ "}";
	}

}
