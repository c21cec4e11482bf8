package dev.etcdregistry.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for a TLS test cluster, made with {@code openssl} (and the JDK's {@code keytool})
 * when the cluster starts, in its temporary directory: nothing is ever committed.
 *
 * <ul>
 * <li>a self-signed CA ({@link #caFile()}) and a server certificate signed by it, valid for
 * {@code localhost}, {@link #SERVER_NAME} and {@code 127.0.0.1};</li>
 * <li>a client certificate signed by the same CA, as PEM ({@link #clientCertFile()},
 * {@link #clientKeyFile()}) and as a PKCS#12 key store ({@link #clientKeyStore()});</li>
 * <li>the CA as a PKCS#12 trust store ({@link #trustStore()});</li>
 * <li>a second, unrelated CA ({@link #otherCaFile()}) to prove that a wrong CA is refused.</li>
 * </ul>
 * Keys are unencrypted; both stores use {@link #STORE_PASSWORD}.
 *
 * @param dir the directory holding every file
 */
public record TestCertificates(Path dir) {

	/** A DNS name in the server certificate that no endpoint uses: test the authority override with it. */
	public static final String SERVER_NAME = "etcd.test.internal";

	/** The password of {@link #clientKeyStore()} and {@link #trustStore()}. */
	public static final String STORE_PASSWORD = "changeit";

	private static final long TIMEOUT_SECONDS = 30;

	/**
	 * Creates every file in {@code dir}.
	 * @param dir an existing, empty directory
	 * @return the certificates
	 * @throws IllegalStateException when openssl or keytool is missing or fails
	 */
	public static TestCertificates generate(Path dir) {
		TestCertificates certs = new TestCertificates(dir);
		certs.ca("ca", "etcd-registry test CA");
		certs.ca("other-ca", "some other CA");
		certs.signed("server", "localhost",
				"subjectAltName=DNS:localhost,DNS:" + SERVER_NAME + ",IP:127.0.0.1\n"
						+ "extendedKeyUsage=serverAuth,clientAuth\n");
		certs.signed("client", "etcd-registry-client", "extendedKeyUsage=clientAuth\n");
		certs.run("openssl", "pkcs12", "-export", "-in", "client.pem", "-inkey", "client-key.pem", "-name", "client",
				"-out", "client.p12", "-passout", "pass:" + STORE_PASSWORD);
		certs.run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
				"-alias", "ca", "-file", "ca.pem", "-keystore", "truststore.p12", "-storetype", "PKCS12",
				"-storepass", STORE_PASSWORD);
		return certs;
	}

	/** The CA certificate (PEM) that signed the server and client certificates. */
	public Path caFile() {
		return this.dir.resolve("ca.pem");
	}

	/** A CA certificate (PEM) that signed nothing here. */
	public Path otherCaFile() {
		return this.dir.resolve("other-ca.pem");
	}

	/** The server's certificate (PEM). */
	public Path serverCertFile() {
		return this.dir.resolve("server.pem");
	}

	/** The server's private key (PKCS#8 PEM). */
	public Path serverKeyFile() {
		return this.dir.resolve("server-key.pem");
	}

	/** The client's certificate (PEM). */
	public Path clientCertFile() {
		return this.dir.resolve("client.pem");
	}

	/** The client's private key (PKCS#8 PEM). */
	public Path clientKeyFile() {
		return this.dir.resolve("client-key.pem");
	}

	/** The client certificate and key as a PKCS#12 key store. */
	public Path clientKeyStore() {
		return this.dir.resolve("client.p12");
	}

	/** The CA as a PKCS#12 trust store. */
	public Path trustStore() {
		return this.dir.resolve("truststore.p12");
	}

	/**
	 * The etcd flags that serve clients over TLS with these certificates.
	 * @param clientCertAuth whether to demand client certificates signed by the test CA
	 * @return flags for the etcd command line
	 */
	public List<String> serverArgs(boolean clientCertAuth) {
		List<String> args = new ArrayList<>(List.of("--cert-file=" + serverCertFile(), "--key-file=" + serverKeyFile()));
		if (clientCertAuth) {
			// etcd 3.4 demands client certificates as soon as --trusted-ca-file is given
			args.add("--trusted-ca-file=" + caFile());
			args.add("--client-cert-auth=true");
		}
		return args;
	}

	private void ca(String name, String commonName) {
		run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
				"-keyout", name + "-key.pem", "-out", name + ".pem", "-days", "2", "-subj", "/CN=" + commonName);
	}

	private void signed(String name, String commonName, String extensions) {
		try {
			Files.writeString(this.dir.resolve(name + ".ext"), extensions);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
				"-keyout", name + "-key.pem", "-out", name + ".csr", "-subj", "/CN=" + commonName);
		run("openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
				"-CAcreateserial", "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
	}

	private void run(String... command) {
		Path log = this.dir.resolve("openssl.log");
		List<String> line = new ArrayList<>(List.of(command));
		try {
			Process process = new ProcessBuilder(line).directory(this.dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(Redirect.appendTo(log.toFile()))
				.start();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(command[0] + " did not finish within " + TIMEOUT_SECONDS + " s");
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("Making test certificates failed: '" + String.join(" ", line)
						+ "' exited with " + process.exitValue() + ". " + TempFiles.tail(TempFiles.readFrom(log, 0)));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command[0] + " to make test certificates (TLS test "
					+ "clusters need openssl on the PATH and a full JDK): " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while making test certificates", ex);
		}
	}

}
