package dev.etcdregistry.boot.autoconfigure.config;

import java.util.List;
import java.util.Objects;

import org.springframework.boot.context.config.ConfigDataResource;

/**
 * The keys of one {@code spring.config.import=etcd:} step: the contexts it reads (lowest
 * precedence first), either the shared and application ones or their profile-specific variants.
 */
final class EtcdConfigDataResource extends ConfigDataResource {

	private final List<String> contexts;

	private final boolean optional;

	EtcdConfigDataResource(List<String> contexts, boolean optional) {
		super(optional);
		this.contexts = List.copyOf(contexts);
		this.optional = optional;
	}

	/** Whether the location was {@code optional:etcd:}: etcd being unreachable is not an error. */
	boolean optional() {
		return this.optional;
	}

	List<String> contexts() {
		return this.contexts;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof EtcdConfigDataResource that) && this.contexts.equals(that.contexts);
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.contexts);
	}

	@Override
	public String toString() {
		return "etcd:" + this.contexts;
	}

}
