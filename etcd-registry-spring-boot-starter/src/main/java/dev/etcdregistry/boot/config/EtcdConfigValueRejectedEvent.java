package dev.etcdregistry.boot.config;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the value of an etcd key cannot be converted for an
 * {@link dev.etcdregistry.boot.annotation.EtcdConfigValue @EtcdConfigValue} member. The member
 * keeps its previous value. {@link #toString()} masks the value when the key looks sensitive.
 */
public class EtcdConfigValueRejectedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final String key;

	private final transient String value;

	private final String member;

	private final String targetType;

	private final String reason;

	/**
	 * Creates the event.
	 * @param source the bean whose member rejected the value
	 * @param key the etcd key
	 * @param value the rejected value
	 * @param member the member, as {@code Class.member}
	 * @param targetType the type the value had to be converted to
	 * @param reason why the conversion failed (the value masked when the key is sensitive)
	 */
	public EtcdConfigValueRejectedEvent(Object source, String key, String value, String member, String targetType,
			String reason) {
		super(source);
		this.key = key;
		this.value = value;
		this.member = member;
		this.targetType = targetType;
		this.reason = reason;
	}

	/** The etcd key whose value was rejected. */
	public String getKey() {
		return this.key;
	}

	/** The rejected value as stored in etcd; may be a secret, so do not log it. */
	public String getValue() {
		return this.value;
	}

	/** The annotated member, as {@code Class.member}. */
	public String getMember() {
		return this.member;
	}

	/** The type the value could not be converted to. */
	public String getTargetType() {
		return this.targetType;
	}

	/** Why the conversion failed. */
	public String getReason() {
		return this.reason;
	}

	@Override
	public String toString() {
		// no value here: events end up in logs, and the value may be a secret
		return "EtcdConfigValueRejectedEvent{key='" + this.key + "', member=" + this.member + ", targetType="
				+ this.targetType + ", reason=" + this.reason + "}";
	}

}
