package dev.etcdregistry.boot.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;

/**
 * Opens the application's etcd connection as {@code etcd.fail-fast} asks. Failing fast stops
 * the application when etcd does not answer; otherwise an unreachable etcd is tolerated (the
 * connection stays open, unverified, and the components built on it start in the background)
 * while a wrong password, a bad URL or a TLS error still stop it: those do not go away by
 * waiting.
 */
final class StartupConnection {

	private static final Logger logger = LoggerFactory.getLogger(StartupConnection.class);

	private StartupConnection() {
	}

	static EtcdConnection open(EtcdSettings settings, boolean failFast) {
		if (failFast) {
			return EtcdConnection.connect(settings);
		}
		EtcdConnection connection = EtcdConnection.open(settings);
		try {
			connection.verify(settings.connectTimeout());
			logger.info("Connected to etcd at {}", settings.endpointsAsString());
		}
		catch (EtcdRegistryException ex) {
			if (!isTransient(ex)) {
				connection.close();
				throw ex;
			}
			logger.warn("{}; starting anyway (etcd.fail-fast=false): registration, discovery and config watches "
					+ "start in the background and catch up when etcd answers", ex.getMessage());
		}
		catch (RuntimeException ex) {
			connection.close();
			throw ex;
		}
		return connection;
	}

	/** Whether waiting can fix it: etcd down or not answering, as opposed to a setting etcd rejects. */
	static boolean isTransient(EtcdRegistryException ex) {
		return ex.reason() == Reason.UNREACHABLE || ex.reason() == Reason.TIMEOUT;
	}

}
