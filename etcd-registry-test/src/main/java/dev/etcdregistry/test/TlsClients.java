package dev.etcdregistry.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;

/** The TLS client contexts of a TLS test cluster: trust the test CA, present the client certificate. */
final class TlsClients {

	private TlsClients() {
	}

	/** For jetcd (gRPC over Netty). */
	static SslContext netty(TestCertificates certs) {
		try {
			return GrpcSslContexts.forClient()
				.trustManager(certs.caFile().toFile())
				.keyManager(certs.clientCertFile().toFile(), certs.clientKeyFile().toFile())
				.build();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not build a TLS client context from " + certs.dir(), ex);
		}
	}

	/** For the {@code /health} probe. */
	static HttpClient http(TestCertificates certs) {
		try {
			char[] password = TestCertificates.STORE_PASSWORD.toCharArray();
			KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keys.init(load(certs.clientKeyStore(), password), password);
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(load(certs.trustStore(), password));
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
			return HttpClient.newBuilder().connectTimeout(Readiness.PROBE_TIMEOUT).sslContext(context).build();
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("Could not build a TLS health probe from " + certs.dir(), ex);
		}
	}

	private static KeyStore load(Path file, char[] password) throws GeneralSecurityException, IOException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(file)) {
			store.load(in, password);
		}
		return store;
	}

}
