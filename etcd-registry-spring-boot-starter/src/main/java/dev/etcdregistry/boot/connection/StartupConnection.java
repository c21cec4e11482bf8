package dev.etcdregistry.boot.connection;

import java.util.function.Supplier;
import java.util.function.UnaryOperator;

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

	/**
	 * @param early the connection opened in the background while the context started, or
	 * {@code null}; taken when its settings match
	 */
	static EtcdConnection open(EtcdSettings settings, boolean failFast, EarlyEtcdConnection early) {
		try {
			return EarlyEtcdConnection.claimOrConnect(early, settings);
		}
		catch (EtcdRegistryException ex) {
			if (failFast || !isTransient(ex)) {
				throw ex;
			}
			logger.warn("{}; starting anyway (etcd.fail-fast=false): registration, discovery and config watches "
					+ "start in the background and catch up when etcd answers", ex.getMessage());
			return EtcdConnection.open(settings); // the checked one was closed with its failure
		}
	}

	/**
	 * Like {@link #open(EtcdSettings, boolean, EarlyEtcdConnection)} for a connection made by
	 * {@code opener} (an SSL bundle's), never an early one.
	 * @param tlsDiagnosis re-words a failure of the check that may be TLS's: the core can't shake
	 * hands with a supplied {@code SslContext} itself, so a failed handshake shows as
	 * {@link Reason#UNREACHABLE} (or {@link Reason#TLS_FAILED} when etcd says so)
	 */
	static EtcdConnection open(boolean failFast, Supplier<EtcdConnection> opener,
			UnaryOperator<EtcdRegistryException> tlsDiagnosis) {
		try {
			try {
				return opener.get().checked();
			}
			catch (EtcdRegistryException ex) {
				throw (ex.reason() == Reason.TLS_FAILED || ex.reason() == Reason.UNREACHABLE) ? tlsDiagnosis.apply(ex)
						: ex;
			}
		}
		catch (EtcdRegistryException ex) {
			if (failFast || !isTransient(ex)) {
				throw ex;
			}
			logger.warn("{}; starting anyway (etcd.fail-fast=false): registration, discovery and config watches "
					+ "start in the background and catch up when etcd answers", ex.getMessage());
			return opener.get();
		}
	}

	/** Whether waiting can fix it: etcd down or not answering, as opposed to a setting etcd rejects. */
	static boolean isTransient(EtcdRegistryException ex) {
		return ex.reason() == Reason.UNREACHABLE || ex.reason() == Reason.TIMEOUT;
	}

}
