package dev.etcdregistry.boot.testsupport;

import io.etcd.jetcd.Client;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;

/**
 * User beans that let every auto-configuration run without etcd: a connection over a jetcd
 * client that never connects (nothing calls it) and an in-memory registry and discovery.
 */
@TestConfiguration(proxyBeanMethods = false)
public class OfflineEtcd {

	@Bean(destroyMethod = "close")
	EtcdConnection etcdConnection() {
		return unconnected();
	}

	/** A connection whose client would fail on its first call; nothing may call it. */
	public static EtcdConnection unconnected() {
		EtcdSettings settings = EtcdSettings.builder().endpoints("http://127.0.0.1:1").build();
		return EtcdConnection.wrap(Client.builder().endpoints("http://127.0.0.1:1").build(), settings);
	}

	@Bean
	InMemoryRegistry inMemoryRegistry() {
		return new InMemoryRegistry();
	}

}
