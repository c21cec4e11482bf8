package dev.etcdregistry.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.netty.handler.ssl.SslContext;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;

/**
 * How to speak TLS to etcd: whom to trust, which client certificate to present (for etcd's
 * {@code --client-cert-auth}) and which name to expect in the server's certificate. Immutable;
 * build one with {@link #builder()}.
 *
 * <p>Trust comes from a PEM CA bundle ({@code caFile}) or a Java trust store, else from the
 * JVM's default trust store. The client certificate comes from a PEM certificate chain and a
 * PKCS#8 PEM key ({@code certFile} + {@code keyFile}) or from a Java key store; both are
 * optional. Files are checked when {@link Builder#build()} runs, so a typo in a path fails
 * before anything connects. {@link #toString()} shows paths but never a password.
 *
 * <p>Instead of files, a ready Netty {@link SslContext} may be supplied with
 * {@link Builder#sslContext(SslContext, boolean)}, for TLS material that lives elsewhere or
 * changes while the connection is open (a Spring Boot SSL bundle that is reloaded): the
 * connection then uses that context as it is.
 *
 * <p>Longer than our usual class because it is one immutable value with thirteen settings, each
 * with its accessor, its builder setter and its part in the checks of {@link Builder#build()};
 * splitting them apart would scatter one contract over several files.
 */
public final class TlsSettings {

	private final Path caFile;

	private final Path certFile;

	private final Path keyFile;

	private final String keyPassword;

	private final Path keyStore;

	private final String keyStorePassword;

	private final String keyStoreType;

	private final Path trustStore;

	private final String trustStorePassword;

	private final String trustStoreType;

	private final String authority;

	private final SslContext sslContext;

	private final boolean clientCertificate;

	private TlsSettings(Builder builder) {
		this.caFile = builder.caFile;
		this.certFile = builder.certFile;
		this.keyFile = builder.keyFile;
		this.keyPassword = builder.keyPassword;
		this.keyStore = builder.keyStore;
		this.keyStorePassword = builder.keyStorePassword;
		this.keyStoreType = builder.keyStoreType;
		this.trustStore = builder.trustStore;
		this.trustStorePassword = builder.trustStorePassword;
		this.trustStoreType = builder.trustStoreType;
		this.authority = builder.authority;
		this.sslContext = builder.sslContext;
		this.clientCertificate = builder.clientCertificate;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** TLS with the JVM's default trust store and no client certificate. */
	public static TlsSettings defaults() {
		return builder().build();
	}

	/** PEM file of the CA certificate(s) to trust, or {@code null}. */
	public Path caFile() {
		return this.caFile;
	}

	/** PEM file of the client certificate (chain), or {@code null}. */
	public Path certFile() {
		return this.certFile;
	}

	/** PKCS#8 PEM file of the client's private key, or {@code null}. */
	public Path keyFile() {
		return this.keyFile;
	}

	/** The password of an encrypted {@link #keyFile()}, or {@code null}. Never logged. */
	public String keyPassword() {
		return this.keyPassword;
	}

	/** Java key store with the client certificate and key, or {@code null}. */
	public Path keyStore() {
		return this.keyStore;
	}

	/** The password of the key store (and of its key). Never logged. */
	public String keyStorePassword() {
		return this.keyStorePassword;
	}

	/** The key store type, {@code PKCS12} unless set. */
	public String keyStoreType() {
		return this.keyStoreType;
	}

	/** Java trust store with the CA certificate(s) to trust, or {@code null}. */
	public Path trustStore() {
		return this.trustStore;
	}

	/** The password of the trust store, or {@code null}. Never logged. */
	public String trustStorePassword() {
		return this.trustStorePassword;
	}

	/** The trust store type, {@code PKCS12} unless set. */
	public String trustStoreType() {
		return this.trustStoreType;
	}

	/**
	 * The host name expected in the server's certificate, or {@code null} for the host of the
	 * first endpoint. Set it when etcd is addressed by IP but its certificate names a host.
	 */
	public String authority() {
		return this.authority;
	}

	/**
	 * The context supplied with {@link Builder#sslContext(SslContext, boolean)}, used as it is,
	 * or {@code null} when the context is built from the files and stores of these settings.
	 */
	public SslContext sslContext() {
		return this.sslContext;
	}

	/**
	 * Whether this client presents a certificate of its own (mutual TLS): a certificate file or
	 * key store is set, or the supplied {@link #sslContext()} was declared to hold a client key.
	 * For reporting; etcd decides whether it asks for one.
	 */
	public boolean presentsClientCertificate() {
		return (this.sslContext != null) ? this.clientCertificate : (this.certFile != null || this.keyStore != null);
	}

	/** Equal when every setting is; supplied contexts are compared by identity. */
	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof TlsSettings that && fields().equals(that.fields()));
	}

	@Override
	public int hashCode() {
		return fields().hashCode();
	}

	private List<Object> fields() {
		return Arrays.asList(this.caFile, this.certFile, this.keyFile, this.keyPassword, this.keyStore,
				this.keyStorePassword, this.keyStoreType, this.trustStore, this.trustStorePassword, this.trustStoreType,
				this.authority, this.sslContext, this.clientCertificate);
	}

	@Override
	public String toString() {
		return "TlsSettings{caFile=" + this.caFile + ", certFile=" + this.certFile + ", keyFile=" + this.keyFile
				+ ", keyPassword=" + mask(this.keyPassword) + ", keyStore=" + this.keyStore + ", keyStorePassword="
				+ mask(this.keyStorePassword) + ", keyStoreType=" + this.keyStoreType + ", trustStore="
				+ this.trustStore + ", trustStorePassword=" + mask(this.trustStorePassword) + ", trustStoreType="
				+ this.trustStoreType + ", authority=" + this.authority
				+ ((this.sslContext != null) ? ", sslContext=supplied, clientCertificate=" + this.clientCertificate : "")
				+ "}";
	}

	private static String mask(String secret) {
		return (secret != null) ? "******" : null;
	}

	/** Builds {@link TlsSettings}; {@code null} or empty arguments mean "not set". */
	public static final class Builder {

		private Path caFile;

		private Path certFile;

		private Path keyFile;

		private String keyPassword;

		private Path keyStore;

		private String keyStorePassword;

		private String keyStoreType = "PKCS12";

		private Path trustStore;

		private String trustStorePassword;

		private String trustStoreType = "PKCS12";

		private String authority;

		private SslContext sslContext;

		private boolean clientCertificate;

		private Builder() {
		}

		public Builder caFile(Path caFile) {
			this.caFile = caFile;
			return this;
		}

		public Builder certFile(Path certFile) {
			this.certFile = certFile;
			return this;
		}

		public Builder keyFile(Path keyFile) {
			this.keyFile = keyFile;
			return this;
		}

		public Builder keyPassword(String keyPassword) {
			this.keyPassword = blankToNull(keyPassword);
			return this;
		}

		public Builder keyStore(Path keyStore) {
			this.keyStore = keyStore;
			return this;
		}

		public Builder keyStorePassword(String keyStorePassword) {
			this.keyStorePassword = blankToNull(keyStorePassword);
			return this;
		}

		public Builder keyStoreType(String keyStoreType) {
			this.keyStoreType = (blankToNull(keyStoreType) != null) ? keyStoreType.strip() : "PKCS12";
			return this;
		}

		public Builder trustStore(Path trustStore) {
			this.trustStore = trustStore;
			return this;
		}

		public Builder trustStorePassword(String trustStorePassword) {
			this.trustStorePassword = blankToNull(trustStorePassword);
			return this;
		}

		public Builder trustStoreType(String trustStoreType) {
			this.trustStoreType = (blankToNull(trustStoreType) != null) ? trustStoreType.strip() : "PKCS12";
			return this;
		}

		public Builder authority(String authority) {
			String value = blankToNull(authority);
			if (value != null && !value.strip().matches("[A-Za-z0-9.:\\[\\]_-]+")) {
				throw invalid("etcd TLS authority '" + authority + "' is not a host name (etcd.tls.authority); "
						+ "give the name in the server's certificate, like etcd.example.com");
			}
			this.authority = (value != null) ? value.strip() : null;
			return this;
		}

		/**
		 * Uses a ready client context instead of files or stores. jetcd's gRPC channel takes it
		 * as it is, so it must be a client context negotiating HTTP/2 by ALPN (as built by
		 * {@code GrpcSslContexts.forClient()}); a context whose key and trust managers change
		 * their answers lets certificates be rotated without reconnecting (see
		 * {@link EtcdConnection#renewConnections()}). Combine with {@link #authority(String)}
		 * only: {@link #build()} refuses files or stores next to it.
		 * @param sslContext the context, not {@code null}
		 * @param presentsClientCertificate whether the context holds a client certificate and
		 * key, as {@link TlsSettings#presentsClientCertificate()} reports it
		 * @return this builder
		 */
		public Builder sslContext(SslContext sslContext, boolean presentsClientCertificate) {
			if (sslContext == null || !sslContext.isClient()) {
				throw invalid("the SslContext supplied for etcd TLS must be a client context, got "
						+ ((sslContext == null) ? "null" : "a server context"));
			}
			this.sslContext = sslContext;
			this.clientCertificate = presentsClientCertificate;
			return this;
		}

		/**
		 * Checks that the combination makes sense and that every file named exists.
		 * @throws EtcdRegistryException {@link Reason#INVALID_ARGUMENT} naming the setting to fix
		 */
		public TlsSettings build() {
			if (this.sslContext != null && (this.caFile != null || this.certFile != null || this.keyFile != null
					|| this.keyStore != null || this.trustStore != null)) {
				throw invalid("etcd TLS has a supplied SslContext and etcd.tls.* files or stores; set only one");
			}
			if ((this.certFile == null) != (this.keyFile == null)) {
				throw invalid("etcd TLS needs both a client certificate and its key: set etcd.tls.cert-file and "
						+ "etcd.tls.key-file together (or neither)");
			}
			if (this.certFile != null && this.keyStore != null) {
				throw invalid("etcd TLS has a client certificate from both etcd.tls.cert-file and etcd.tls.key-store;"
						+ " set only one");
			}
			if (this.caFile != null && this.trustStore != null) {
				throw invalid("etcd TLS has trusted CAs from both etcd.tls.ca-file and etcd.tls.trust-store; set "
						+ "only one");
			}
			readable(this.caFile, "etcd.tls.ca-file");
			readable(this.certFile, "etcd.tls.cert-file");
			readable(this.keyFile, "etcd.tls.key-file");
			readable(this.keyStore, "etcd.tls.key-store");
			readable(this.trustStore, "etcd.tls.trust-store");
			return new TlsSettings(this);
		}

		private static void readable(Path file, String property) {
			if (file != null && !Files.isReadable(file)) {
				throw invalid("etcd TLS file '" + file + "' (" + property + ") "
						+ (Files.exists(file) ? "is not readable by this process" : "does not exist"));
			}
		}

		private static String blankToNull(String value) {
			return (value == null || value.isBlank()) ? null : value;
		}

		private static EtcdRegistryException invalid(String message) {
			return new EtcdRegistryException(Reason.INVALID_ARGUMENT, message);
		}

	}

}
