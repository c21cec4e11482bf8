package dev.etcdregistry.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;

/**
 * How to reach etcd: endpoints, credentials, namespace and timeouts. Immutable; build one
 * with {@link #builder()}. Validation happens in {@link Builder#build()}, so a bad endpoint
 * or timeout is reported before any connection is attempted.
 *
 * <p>{@link #toString()} never shows the password.
 */
public final class EtcdSettings {

	/** The default connect timeout: how long {@link EtcdConnection#connect} waits for etcd. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** The default bound on every single etcd call. */
	public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

	private final List<URI> endpoints;

	private final String username;

	private final String password;

	private final String namespace;

	private final Duration connectTimeout;

	private final Duration requestTimeout;

	private final TlsSettings tls;

	private EtcdSettings(Builder builder) {
		this.endpoints = List.copyOf(builder.endpoints);
		this.username = builder.username;
		this.password = builder.password;
		this.namespace = builder.namespace;
		this.connectTimeout = builder.connectTimeout;
		this.requestTimeout = builder.requestTimeout;
		this.tls = (builder.tls == null && builder.endpoints.get(0).getScheme().equals("https"))
				? TlsSettings.defaults() : builder.tls;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The client URLs of the etcd members, e.g. {@code http://10.0.0.1:2379}. */
	public List<URI> endpoints() {
		return this.endpoints;
	}

	/** The etcd user, or {@code null} when etcd runs without authentication. */
	public String username() {
		return this.username;
	}

	/** The etcd password, or {@code null}. Never logged. */
	public String password() {
		return this.password;
	}

	/** A prefix put in front of every key (empty for none), e.g. {@code /prod}. */
	public String namespace() {
		return this.namespace;
	}

	/** How long connecting (and checking the credentials) may take. */
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	/** The bound on each etcd call made by this library. */
	public Duration requestTimeout() {
		return this.requestTimeout;
	}

	/**
	 * How to speak TLS, or {@code null} for plain text. {@code https://} endpoints without
	 * explicit settings get {@link TlsSettings#defaults()}: the JVM's default trust store.
	 */
	public TlsSettings tls() {
		return this.tls;
	}

	/** The endpoints as one comma-separated string, for messages. */
	public String endpointsAsString() {
		return String.join(",", this.endpoints.stream().map(URI::toString).toList());
	}

	/** Settings are equal when every field is, TLS settings included (two connections would be alike). */
	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof EtcdSettings that && this.endpoints.equals(that.endpoints)
				&& Objects.equals(this.username, that.username) && Objects.equals(this.password, that.password)
				&& this.namespace.equals(that.namespace) && this.connectTimeout.equals(that.connectTimeout)
				&& this.requestTimeout.equals(that.requestTimeout) && Objects.equals(this.tls, that.tls));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.endpoints, this.username, this.namespace, this.connectTimeout, this.requestTimeout);
	}

	@Override
	public String toString() {
		return "EtcdSettings{endpoints=" + endpointsAsString() + ", username=" + this.username + ", password="
				+ ((this.password != null) ? "******" : null) + ", namespace='" + this.namespace
				+ "', connectTimeout=" + this.connectTimeout + ", requestTimeout=" + this.requestTimeout + ", tls=" + this.tls + "}";
	}

	/** Builds {@link EtcdSettings}; every setter returns the builder. */
	public static final class Builder {

		private final List<URI> endpoints = new ArrayList<>();

		private String username;

		private String password;

		private String namespace = "";

		private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;

		private TlsSettings tls;

		private Builder() {
		}

		/**
		 * Adds endpoints. Each may itself hold several URLs separated by commas, as in
		 * {@code "http://a:2379,http://b:2379"}.
		 */
		public Builder endpoints(String... endpoints) {
			for (String entry : endpoints) {
				if (entry == null) {
					throw invalid("an etcd endpoint is null; give URLs like http://127.0.0.1:2379");
				}
				for (String part : entry.split(",")) {
					if (!part.isBlank()) {
						this.endpoints.add(EtcdEndpoints.parse(part.strip()));
					}
				}
			}
			return this;
		}

		public Builder endpoints(List<String> endpoints) {
			return endpoints(endpoints.toArray(String[]::new));
		}

		public Builder username(String username) {
			this.username = (username == null || username.isEmpty()) ? null : username;
			return this;
		}

		public Builder password(String password) {
			this.password = (password == null || password.isEmpty()) ? null : password;
			return this;
		}

		/** Sets the key prefix; a trailing {@code /} is dropped, {@code null} means none. */
		public Builder namespace(String namespace) {
			String value = (namespace != null) ? namespace.strip() : "";
			while (value.endsWith("/")) {
				value = value.substring(0, value.length() - 1);
			}
			if (value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
				throw invalid("etcd namespace '" + namespace
						+ "' contains whitespace or control characters; use a path like /prod");
			}
			this.namespace = value;
			return this;
		}

		public Builder connectTimeout(Duration connectTimeout) {
			this.connectTimeout = positive(connectTimeout, "connect timeout");
			return this;
		}

		public Builder requestTimeout(Duration requestTimeout) {
			this.requestTimeout = positive(requestTimeout, "request timeout");
			return this;
		}

		/** Sets how to speak TLS; requires {@code https://} endpoints. {@code null} means none. */
		public Builder tls(TlsSettings tls) {
			this.tls = tls;
			return this;
		}

		public EtcdSettings build() {
			if (this.endpoints.isEmpty()) {
				throw invalid("no etcd endpoint given; set at least one URL like http://127.0.0.1:2379");
			}
			long secure = this.endpoints.stream().filter((uri) -> uri.getScheme().equals("https")).count();
			if (secure > 0 && secure < this.endpoints.size()) {
				throw invalid("etcd endpoints mix http:// and https:// (" + String.join(",", this.endpoints.stream()
					.map(URI::toString).toList()) + "); one client speaks TLS to all of them or to none");
			}
			if (this.tls != null && secure == 0) {
				throw invalid("etcd TLS settings (etcd.tls.*) are given but the endpoints use http://; write them "
						+ "as https://host:2379");
			}
			if (this.password != null && this.username == null) {
				throw invalid("an etcd password is set but no user name; set the user name too (etcd's "
						+ "administrator is 'root')");
			}
			return new EtcdSettings(this);
		}

		private static Duration positive(Duration value, String what) {
			Objects.requireNonNull(value, what);
			if (value.isNegative() || value.isZero()) {
				throw invalid("etcd " + what + " must be positive, got " + value);
			}
			return value;
		}

		private static EtcdRegistryException invalid(String message) {
			return new EtcdRegistryException(Reason.INVALID_ARGUMENT, message);
		}

	}

}
