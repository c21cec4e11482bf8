package dev.etcdregistry.boot.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.springframework.boot.ssl.SslBundle;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdSettings;

/**
 * Tells why a connection with an SSL bundle failed its startup check. The core diagnoses a
 * check that times out with one handshake of its own built from {@code etcd.tls.*} files; it
 * can't rebuild a supplied {@code SslContext}, so with a bundle it reports any silence as
 * unreachable. This shakes hands with the bundle instead: when that works, etcd is reachable but does not
 * answer (no quorum, overloaded), which is transient; when it fails, the message names
 * {@code etcd.ssl.bundle}.
 */
final class SslBundleProbe {

	private SslBundleProbe() {
	}

	/**
	 * @param failure the failure of the startup check, {@link Reason#TLS_FAILED} or
	 * {@link Reason#UNREACHABLE}
	 * @param settings the connection's settings, with the bundle's TLS
	 * @return the failure to report instead ({@code failure} itself when etcd does not even accept
	 * a TCP connection)
	 */
	static EtcdRegistryException diagnose(EtcdRegistryException failure, SslBundle bundle, String name,
			EtcdSettings settings) {
		String authority = settings.tls().authority();
		URI endpoint = settings.endpoints().get(0);
		String host = (authority != null && !authority.isBlank()) ? authority.strip() : endpoint.getHost();
		int millis = (int) Math.max(200, Math.min(settings.connectTimeout().toMillis(), 2000));
		try (Socket plain = new Socket()) {
			plain.connect(new InetSocketAddress(endpoint.getHost().replaceAll("^\\[|\\]$", ""), endpoint.getPort()),
					millis);
			plain.setSoTimeout(millis);
			try (SSLSocket socket = (SSLSocket) bundle.createSslContext()
				.getSocketFactory()
				.createSocket(plain, host.replaceAll("^\\[|\\]$", ""), endpoint.getPort(), true)) {
				SSLParameters parameters = socket.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				socket.setSSLParameters(parameters);
				socket.startHandshake();
				try {
					// TLS 1.3 servers refuse a client certificate after the handshake
					socket.getInputStream().read();
				}
				catch (SocketTimeoutException ex) {
					// nothing refused within the wait
				}
			}
			return new EtcdRegistryException(Reason.UNREACHABLE, "Connecting to etcd failed: no answer from "
					+ settings.endpointsAsString() + " within " + pretty(settings.connectTimeout()) + " (TLS with SSL "
					+ "bundle '" + name + "' works); check that etcd has a quorum and is not overloaded",
					failure.getCause());
		}
		catch (SSLException ex) {
			return new EtcdRegistryException(Reason.TLS_FAILED, "Connecting to etcd failed: the TLS handshake with "
					+ endpoint + " using SSL bundle '" + name + "' (etcd.ssl.bundle) failed: " + ex.getMessage()
					+ "; check that the bundle trusts the CA of etcd's --cert-file, that its certificate names '"
					+ host + "' (else set etcd.tls.authority), and, with --client-cert-auth, that the bundle holds "
					+ "a client certificate signed by a CA in etcd's --trusted-ca-file", ex);
		}
		catch (IOException | RuntimeException ex) {
			return failure;
		}
	}

	private static String pretty(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

}
