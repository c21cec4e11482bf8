package dev.etcdregistry.boot.autoconfigure.config;

import dev.etcdregistry.boot.autoconfigure.SensitiveKeys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * One annotated member of one bean bound to an etcd key: converts each value for the member,
 * or rejects it (one warning and an {@link EtcdConfigValueRejectedEvent}) and keeps the old
 * value.
 */
final class ConfigValueBinding {

	private static final Logger logger = LoggerFactory.getLogger(ConfigValueBinding.class);

	private final Object bean;

	private final ConfigValueMember member;

	private final String key;

	private final String defaultValue;

	private final boolean required;

	private final SensitiveKeys sensitiveKeys;

	ConfigValueBinding(Object bean, ConfigValueMember member, String key, String defaultValue, boolean required,
			SensitiveKeys sensitiveKeys) {
		this.sensitiveKeys = sensitiveKeys;
		this.bean = bean;
		this.member = member;
		this.key = key;
		this.defaultValue = defaultValue;
		this.required = required;
	}

	Object bean() {
		return this.bean;
	}

	String origin() {
		return "@EtcdConfigValue " + this.member.describe();
	}

	/**
	 * Applies the value the key has at startup ({@code null}: absent).
	 * @throws IllegalStateException when the key is required and absent
	 */
	void applyInitial(String value, ConfigValueConverter converter, ApplicationEventPublisher publisher) {
		if (value == null && this.defaultValue == null) {
			if (this.required) {
				throw new IllegalStateException("etcd key '" + this.key + "' required by " + origin()
						+ " does not exist; put it (etcdctl put " + this.key + " <value>) or give a defaultValue");
			}
			logger.debug("etcd key '{}' does not exist; {} keeps its initial value", this.key, this.member.describe());
			return;
		}
		apply(value, converter, publisher);
	}

	/** Applies a changed value ({@code null}: the key was deleted). */
	void applyChange(String value, ConfigValueConverter converter, ApplicationEventPublisher publisher) {
		if (value == null && this.defaultValue == null) {
			logger.info("etcd key '{}' was deleted and {} has no default value; it keeps its last value", this.key,
					this.member.describe());
			return;
		}
		apply(value, converter, publisher);
	}

	private void apply(String value, ConfigValueConverter converter, ApplicationEventPublisher publisher) {
		String text = (value != null) ? value : this.defaultValue;
		Object converted;
		try {
			converted = converter.convert(text, this.member.type());
		}
		catch (IllegalArgumentException ex) {
			reject(text, ex.getMessage(), publisher);
			return;
		}
		try {
			this.member.set(this.bean, converted);
		}
		catch (RuntimeException ex) {
			logger.warn("{} failed on the new value of etcd key '{}' ({}); the watch goes on", this.member.describe(),
					this.key, ex.toString());
			logger.debug("Failure of {}", this.member.describe(), ex);
		}
	}

	private void reject(String text, String rawReason, ApplicationEventPublisher publisher) {
		String type = this.member.type().getResolvableType().toString();
		String reason = this.sensitiveKeys.scrub(this.key, text, rawReason);
		logger.warn("Ignoring value '{}' of etcd key '{}': it does not convert to {} for {} ({}); keeping the "
				+ "current value", this.sensitiveKeys.mask(this.key, text), this.key, type, this.member.describe(),
				reason);
		try {
			publisher.publishEvent(new EtcdConfigValueRejectedEvent(this.bean, this.key, text, this.member.describe(),
					type, reason));
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of EtcdConfigValueRejectedEvent for key '{}' failed", this.key, ex);
		}
	}

}
