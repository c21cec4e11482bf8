package dev.etcdregistry.boot.connection;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.client.internal.StatusDeadline;

/**
 * Opens the application's connection with TLS from an SSL bundle. The core builds its jetcd
 * client from {@code TlsSettings} files only, so this builds the client the same way (same
 * keep-alive, deadline and credential settings as {@code EtcdConnection}) with the bundle's
 * {@link ReloadingSslBundleContext} and wraps it.
 */
final class SslBundleConnections {

	private SslBundleConnections() {
	}

	/**
	 * @param settings endpoints ({@code https://}), credentials, namespace, timeouts
	 * @param tls the bundle's context
	 * @param authority the host name expected in etcd's certificate, or {@code null} for the host
	 * of the first endpoint
	 * @return the connection, not yet verified
	 */
	static EtcdConnection open(EtcdSettings settings, ReloadingSslBundleContext tls, String authority) {
		ClientBuilder builder = Client.builder()
			// before endpoints(): jetcd bakes the authority into the target it builds from them
			.sslContext(tls.sslContext())
			.authority((authority != null && !authority.isBlank()) ? authority.strip()
					: settings.endpoints().get(0).getHost())
			.endpoints(settings.endpoints().toArray(URI[]::new))
			.interceptor(new StatusDeadline(settings.requestTimeout()))
			.connectTimeout(settings.connectTimeout())
			// as EtcdConnection: ping only while calls run, at twice etcd's minimum (see there)
			.keepaliveTime(Duration.ofSeconds(10))
			.keepaliveTimeout(Duration.ofSeconds(5))
			.keepaliveWithoutCalls(false);
		if (settings.username() != null) {
			builder.user(bytes(settings.username()));
			builder.password(bytes((settings.password() != null) ? settings.password() : ""));
		}
		if (!settings.namespace().isEmpty()) {
			builder.namespace(bytes(settings.namespace()));
		}
		Client client = builder.build();
		tls.attach(client, settings.requestTimeout());
		return EtcdConnection.wrap(client, settings);
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

}
