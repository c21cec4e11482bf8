package dev.etcdregistry.client.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;

import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.client.TlsSettings;

/**
 * Builds the jetcd {@link Client} for {@link dev.etcdregistry.client.EtcdConnection#open}: TLS,
 * deadlines, keep-alive pings etcd tolerates, credentials and namespace.
 */
public final class JetcdClients {

	private JetcdClients() {
	}

	/** A new client for these settings; nothing is sent to etcd yet. */
	public static Client newClient(EtcdSettings settings) {
		ClientBuilder builder = Client.builder();
		TlsSettings tls = settings.tls();
		if (tls != null) {
			// before endpoints(): jetcd bakes the authority into the target it builds from them, and
			// without one the server's certificate is checked against an empty host name
			builder.sslContext(TlsContexts.clientContext(tls))
				.authority(authority(settings));
		}
		builder.endpoints(settings.endpoints().toArray(URI[]::new))
			.interceptor(new StatusDeadline(settings.requestTimeout()))
			.connectTimeout(settings.connectTimeout())
			// etcd takes a ping at most every --grpc-keepalive-min-time (5 s by default) and, on a
			// connection without a call in flight, none at all: after three it sends GOAWAY
			// ENHANCE_YOUR_CALM "too_many_pings" and drops the connection. jetcd pings idle connections
			// by default, and a client of a cluster has one per member, most of them idle. Ping only
			// while calls (watches, lease keep-alives) run, at twice etcd's minimum.
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
		return builder.build();
	}

	/** The host name the server's certificate is checked against. */
	public static String authority(EtcdSettings settings) {
		TlsSettings tls = settings.tls();
		return (tls != null && tls.authority() != null) ? tls.authority() : settings.endpoints().get(0).getHost();
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

}
