package dev.etcdregistry.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.TlsSettings;

/**
 * Builds the Netty {@link SslContext} jetcd's gRPC channel uses from {@link TlsSettings}. A
 * file that can't be read or parsed is reported with the property that names it, never with
 * a password.
 */
public final class TlsContexts {

	private TlsContexts() {
	}

	/**
	 * @param tls the settings
	 * @return a client context for gRPC (ALPN h2): the supplied one if there is one
	 * @throws EtcdRegistryException {@link Reason#INVALID_ARGUMENT} naming the file and property
	 */
	public static SslContext clientContext(TlsSettings tls) {
		if (tls.sslContext() != null) {
			return tls.sslContext();
		}
		return clientContext(tls, GrpcSslContexts.forClient());
	}

	/** A context on the JDK's TLS provider, whose {@code SSLContext} {@link TlsProbe} can drive. */
	static JdkSslContext jdkContext(TlsSettings tls) {
		return (JdkSslContext) clientContext(tls, SslContextBuilder.forClient().sslProvider(SslProvider.JDK));
	}

	private static SslContext clientContext(TlsSettings tls, SslContextBuilder builder) {
		if (tls.caFile() != null) {
			attempt(() -> builder.trustManager(tls.caFile().toFile()), tls.caFile(), "etcd.tls.ca-file",
					"a PEM file of CA certificates");
		}
		else if (tls.trustStore() != null) {
			attempt(() -> {
				TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
				trust.init(load(tls.trustStore(), tls.trustStoreType(), tls.trustStorePassword()));
				builder.trustManager(trust);
			}, tls.trustStore(), "etcd.tls.trust-store", "a " + tls.trustStoreType()
					+ " trust store opened by etcd.tls.trust-store-password");
		}
		if (tls.certFile() != null) {
			attempt(() -> builder.keyManager(tls.certFile().toFile(), tls.keyFile().toFile(), tls.keyPassword()),
					tls.keyFile(), "etcd.tls.cert-file/etcd.tls.key-file",
					"a PEM certificate and a PKCS#8 PEM key (openssl pkcs8 -topk8 converts others)");
		}
		else if (tls.keyStore() != null) {
			attempt(() -> {
				KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				char[] password = chars(tls.keyStorePassword());
				keys.init(load(tls.keyStore(), tls.keyStoreType(), tls.keyStorePassword()), password);
				builder.keyManager(keys);
			}, tls.keyStore(), "etcd.tls.key-store", "a " + tls.keyStoreType()
					+ " key store opened by etcd.tls.key-store-password");
		}
		try {
			return builder.build();
		}
		catch (SSLException ex) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "Could not set up TLS for etcd ("
					+ ex.getMessage() + "); check the etcd.tls.* settings", ex);
		}
	}

	private static KeyStore load(Path file, String type, String password) throws GeneralSecurityException,
			IOException {
		KeyStore store = KeyStore.getInstance(type);
		try (InputStream in = Files.newInputStream(file)) {
			store.load(in, chars(password));
		}
		return store;
	}

	private static char[] chars(String password) {
		return (password != null) ? password.toCharArray() : null;
	}

	private static void attempt(Step step, Path file, String property, String expected) {
		try {
			step.run();
		}
		catch (Exception ex) {
			// the cause's message may quote file content but never a password we were given
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "etcd TLS file '" + file + "' (" + property
					+ ") could not be used: " + ex.getClass().getSimpleName() + ": " + ex.getMessage() + "; it must be "
					+ expected, ex);
		}
	}

	@FunctionalInterface
	private interface Step {

		void run() throws Exception;

	}

}
