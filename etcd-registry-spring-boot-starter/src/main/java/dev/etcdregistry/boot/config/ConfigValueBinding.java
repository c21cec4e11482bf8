package dev.etcdregistry.boot.config;

import dev.etcdregistry.boot.connection.SensitiveKeys;

import java.lang.ref.WeakReference;

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

	/**
	 * Weak: nothing destroys a prototype bean, so a binding must not keep it (and its watch
	 * updates) alive once the application dropped it.
	 */
	private final WeakReference<Object> bean;

	private final ConfigValueMember member;

	private final String key;

	private final String defaultValue;

	private final boolean required;

	private final SensitiveKeys sensitiveKeys;

	ConfigValueBinding(Object bean, ConfigValueMember member, String key, String defaultValue, boolean required,
			SensitiveKeys sensitiveKeys) {
		this.sensitiveKeys = sensitiveKeys;
		this.bean = new WeakReference<>(bean);
		this.member = member;
		this.key = key;
		this.defaultValue = defaultValue;
		this.required = required;
	}

	/** The bean, {@code null} once it was garbage collected. */
	Object bean() {
		return this.bean.get();
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
		if (value != null && this.defaultValue != null) {
			// a value that does not convert at startup falls back to the default, never to the type's zero
			if (!apply(value, converter, publisher, "using the default value instead")) {
				apply(this.defaultValue, converter, publisher, "keeping the initial value");
			}
			return;
		}
		apply(value, converter, publisher, "keeping the current value");
	}

	/** Applies a changed value ({@code null}: the key was deleted). */
	void applyChange(String value, ConfigValueConverter converter, ApplicationEventPublisher publisher) {
		if (bean() == null) {
			return;
		}
		if (value == null && this.defaultValue == null) {
			logger.info("etcd key '{}' was deleted and {} has no default value; it keeps its last value", this.key,
					this.member.describe());
			return;
		}
		apply(value, converter, publisher, "keeping the current value");
	}

	/** @return whether the value converted (and was set) */
	private boolean apply(String value, ConfigValueConverter converter, ApplicationEventPublisher publisher,
			String fallback) {
		String text = (value != null) ? value : this.defaultValue;
		Object converted;
		try {
			converted = converter.convert(text, this.member.type());
		}
		catch (IllegalArgumentException ex) {
			reject(text, ex.getMessage(), publisher, fallback);
			return false;
		}
		try {
			Object target = bean();
			if (target != null) {
				this.member.set(target, converted);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("{} failed on the new value of etcd key '{}' ({}); the watch goes on", this.member.describe(),
					this.key, ex.toString());
			logger.debug("Failure of {}", this.member.describe(), ex);
		}
		return true;
	}

	private void reject(String text, String rawReason, ApplicationEventPublisher publisher, String fallback) {
		String type = this.member.type().getResolvableType().toString();
		String reason = this.sensitiveKeys.scrub(this.key, text, rawReason);
		logger.warn("Ignoring value '{}' of etcd key '{}': it does not convert to {} for {} ({}); {}",
				this.sensitiveKeys.mask(this.key, text), this.key, type, this.member.describe(), reason, fallback);
		try {
			Object source = bean();
			publisher.publishEvent(new EtcdConfigValueRejectedEvent((source != null) ? source : this.member.describe(),
					this.key, text, this.member.describe(),
					type, reason));
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of EtcdConfigValueRejectedEvent for key '{}' failed", this.key, ex);
		}
	}

}
