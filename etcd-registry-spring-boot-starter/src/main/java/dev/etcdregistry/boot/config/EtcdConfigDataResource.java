package dev.etcdregistry.boot.config;

import java.util.List;
import java.util.Objects;

import org.springframework.boot.context.config.ConfigDataResource;

/**
 * The keys of one {@code spring.config.import=etcd:} step: the contexts it reads (lowest
 * precedence first), either the shared and application ones or their profile-specific variants,
 * or the prefixes and document keys named explicitly after {@code etcd:}.
 */
final class EtcdConfigDataResource extends ConfigDataResource {

	private final List<String> contexts;

	private final boolean optional;

	private final List<String> profiles;

	private final boolean explicit;

	EtcdConfigDataResource(List<String> contexts, boolean optional) {
		this(contexts, optional, List.of(), false);
	}

	EtcdConfigDataResource(List<String> contexts, boolean optional, List<String> profiles, boolean explicit) {
		super(optional);
		this.contexts = List.copyOf(contexts);
		this.optional = optional;
		this.profiles = List.copyOf(profiles);
		this.explicit = explicit;
	}

	/** Whether the location was {@code optional:etcd:}: etcd being unreachable is not an error. */
	boolean optional() {
		return this.optional;
	}

	/** Key prefixes (ending with {@code /}) and document keys, lowest precedence first. */
	List<String> contexts() {
		return this.contexts;
	}

	/** The active profiles, for the {@code spring.config.activate.on-profile} sections of documents. */
	List<String> profiles() {
		return this.profiles;
	}

	/** Whether the keys were named after {@code etcd:} (an empty one is then "not found"). */
	boolean explicit() {
		return this.explicit;
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
		return "etcd:" + String.join(";", this.contexts);
	}

}
