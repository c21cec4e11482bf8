package dev.etcdregistry;

import java.util.Objects;

/**
 * The one unchecked exception of etcd-registry. Its message names the key, endpoint or
 * property involved and says how to fix the problem; {@link #reason()} classifies it for code
 * that wants to react (retry on {@link Reason#UNREACHABLE}, re-read on
 * {@link Reason#COMPACTED}, ...).
 *
 * <p>Messages never contain passwords or configuration values.
 */
public class EtcdRegistryException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Why an operation failed. */
	public enum Reason {

		/** No etcd endpoint answered within the connect or request timeout. */
		UNREACHABLE,

		/** etcd rejected the user name or password. */
		AUTHENTICATION_FAILED,

		/**
		 * The TLS handshake with etcd failed: an untrusted server certificate, a server name
		 * not in it, or a client certificate missing or refused.
		 */
		TLS_FAILED,

		/** The etcd user lacks the permission for the key. */
		PERMISSION_DENIED,

		/**
		 * etcd did not answer in time (a write may still have been applied), or answered that it
		 * is too busy to take the request ("too many requests"); trying again later may work.
		 */
		TIMEOUT,

		/** A setting, key, service name, instance id or value is not acceptable. */
		INVALID_ARGUMENT,

		/** A value read from etcd could not be decoded into the requested type. */
		INVALID_VALUE,

		/** A request is larger than etcd accepts. */
		TOO_LARGE,

		/** The revision asked for was compacted away by etcd. */
		COMPACTED,

		/** A compare-and-set or transaction lost against a concurrent writer. */
		CONFLICT,

		/** The component was closed. */
		CLOSED,

		/** The calling thread was interrupted while waiting for etcd. */
		INTERRUPTED,

		/** Anything else etcd reported. */
		ETCD_ERROR

	}

	private final Reason reason;

	public EtcdRegistryException(Reason reason, String message) {
		this(reason, message, null);
	}

	public EtcdRegistryException(Reason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = Objects.requireNonNull(reason, "reason");
	}

	/**
	 * Returns the classification of this failure.
	 * @return the reason, never {@code null}
	 */
	public Reason reason() {
		return this.reason;
	}

}
