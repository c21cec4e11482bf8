package dev.etcdregistry.boot.config;

import java.util.Set;

import org.springframework.context.ApplicationEvent;

/**
 * Published once per etcd revision that changed properties imported with
 * {@code spring.config.import=etcd:}, after the Environment was updated and (with or without
 * Spring Cloud) the {@code @ConfigurationProperties} beans were rebound. Several keys written
 * in one etcd transaction arrive as one event.
 */
public class EtcdConfigChangedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final long revision;

	private final Set<String> keys;

	private final Set<String> propertyNames;

	/**
	 * Creates the event.
	 * @param source the application context
	 * @param revision the etcd revision the imported properties are at
	 * @param keys the etcd keys that changed
	 * @param propertyNames the Environment properties that changed
	 */
	public EtcdConfigChangedEvent(Object source, long revision, Set<String> keys, Set<String> propertyNames) {
		super(source);
		this.revision = revision;
		this.keys = Set.copyOf(keys);
		this.propertyNames = Set.copyOf(propertyNames);
	}

	/** The etcd revision the imported properties are at. */
	public long getRevision() {
		return this.revision;
	}

	/** The etcd keys that changed (without the namespace). */
	public Set<String> getKeys() {
		return this.keys;
	}

	/** The names of the properties that were added, changed or removed. */
	public Set<String> getPropertyNames() {
		return this.propertyNames;
	}

	@Override
	public String toString() {
		return "EtcdConfigChangedEvent{revision=" + this.revision + ", keys=" + this.keys + ", propertyNames="
				+ this.propertyNames + "}";
	}

}
