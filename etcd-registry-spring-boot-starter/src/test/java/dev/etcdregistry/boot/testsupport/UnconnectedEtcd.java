package dev.etcdregistry.boot.testsupport;

import java.time.Duration;

import io.etcd.jetcd.Client;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;

/**
 * Connections that never reach etcd, for context tests without a server: jetcd connects
 * lazily, so nothing happens until a call is made, and a call fails fast (nothing listens on
 * port 1).
 */
public final class UnconnectedEtcd {

	/** Where nothing listens. */
	public static final String ENDPOINT = "http://127.0.0.1:1";

	private UnconnectedEtcd() {
	}

	public static EtcdSettings settings() {
		return EtcdSettings.builder()
			.endpoints(ENDPOINT)
			.connectTimeout(Duration.ofSeconds(1))
			.requestTimeout(Duration.ofSeconds(1))
			.build();
	}

	/** A connection to {@link #ENDPOINT}; closed with the context that holds it as a bean. */
	public static EtcdConnection connection() {
		return EtcdConnection.wrap(Client.builder().endpoints(ENDPOINT).build(), settings());
	}

}
