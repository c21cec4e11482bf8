package dev.etcdregistry.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes and conditions applied by {@link ConfigStore#commit(ConfigBatch)} as one etcd
 * transaction: either all writes happen, at one revision, or none. Build it with
 * {@link #builder()}.
 */
public final class ConfigBatch {

	/** One write. */
	public sealed interface Operation permits Put, Delete, DeletePrefix {

		String key();

	}

	/** Sets a key. */
	public record Put(String key, String value) implements Operation {

		@Override
		public String toString() {
			return "Put{'" + this.key + "'}";
		}

	}

	/** Deletes a key. */
	public record Delete(String key) implements Operation {
	}

	/** Deletes every key under a prefix. */
	public record DeletePrefix(String key) implements Operation {
	}

	/**
	 * A condition: the key's mod revision must be {@code modRevision}; 0 means the key must not
	 * exist.
	 */
	public record Condition(String key, long modRevision) {
	}

	private final List<Operation> operations;

	private final List<Condition> conditions;

	private ConfigBatch(Builder builder) {
		this.operations = List.copyOf(builder.operations);
		this.conditions = List.copyOf(builder.conditions);
	}

	public static Builder builder() {
		return new Builder();
	}

	public List<Operation> operations() {
		return this.operations;
	}

	public List<Condition> conditions() {
		return this.conditions;
	}

	@Override
	public String toString() {
		return "ConfigBatch{operations=" + this.operations + ", conditions=" + this.conditions + "}";
	}

	/** Collects operations and conditions, in order. */
	public static final class Builder {

		private final List<Operation> operations = new ArrayList<>();

		private final List<Condition> conditions = new ArrayList<>();

		private Builder() {
		}

		public Builder put(String key, String value) {
			this.operations.add(new Put(key, Objects.requireNonNull(value, () -> "value of key '" + key + "'")));
			return this;
		}

		public Builder delete(String key) {
			this.operations.add(new Delete(key));
			return this;
		}

		public Builder deletePrefix(String prefix) {
			this.operations.add(new DeletePrefix(prefix));
			return this;
		}

		/** Only commit if {@code key} was last changed at {@code modRevision}. */
		public Builder ifModRevision(String key, long modRevision) {
			this.conditions.add(new Condition(key, modRevision));
			return this;
		}

		/** Only commit if {@code key} does not exist. */
		public Builder ifAbsent(String key) {
			return ifModRevision(key, 0);
		}

		public ConfigBatch build() {
			return new ConfigBatch(this);
		}

	}

}
