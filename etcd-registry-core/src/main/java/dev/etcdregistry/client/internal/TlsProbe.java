package dev.etcdregistry.client.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.client.TlsSettings;

/**
 * Finds out why a TLS connection to etcd fails. jetcd keeps retrying a failed handshake until
 * the caller gives up, so a wrong CA looks like "no answer". One handshake of our own, with the
 * same settings, tells the real reason.
 */
public final class TlsProbe {

	private TlsProbe() {
	}

	/**
	 * Shakes hands with the endpoint and waits briefly for a refusal of the client certificate
	 * (TLS 1.3 servers send it after the handshake).
	 * @return the TLS failure as {@link EtcdErrors#tlsFailure} words it, or empty when TLS works
	 * (or the endpoint does not even accept a TCP connection)
	 */
	public static Optional<EtcdRegistryException> diagnose(TlsSettings tls, URI endpoint, String authority,
			Duration timeout, String operation) {
		int millis = (int) Math.max(200, Math.min(timeout.toMillis(), 2000));
		try (Socket plain = new Socket()) {
			plain.connect(new InetSocketAddress(endpoint.getHost().replaceAll("^\\[|\\]$", ""), endpoint.getPort()),
					millis);
			plain.setSoTimeout(millis);
			// layered on the plain socket under the authority's name: the certificate is checked
			// against the name jetcd checks, not the address dialled
			try (SSLSocket socket = (SSLSocket) TlsContexts.jdkContext(tls).context().getSocketFactory()
				.createSocket(plain, authority.replaceAll("^\\[|\\]$", ""), endpoint.getPort(), true)) {
				SSLParameters parameters = socket.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				socket.setSSLParameters(parameters);
				socket.startHandshake();
				try {
					socket.getInputStream().read();
				}
				catch (SocketTimeoutException ex) {
					// nothing refused within the wait: the handshake is fine
				}
				return Optional.empty();
			}
		}
		catch (SSLException ex) {
			return Optional.of(EtcdErrors.tlsFailure(operation, endpoint.toString(), tls, authority, ex));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

}
