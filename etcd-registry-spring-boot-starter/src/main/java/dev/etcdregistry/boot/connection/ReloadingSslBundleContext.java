package dev.etcdregistry.boot.connection;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.DelegatingSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.TlsSettings;

/**
 * The Netty {@link SslContext} jetcd's channel uses, following an {@link SslBundle} that may be
 * reloaded; it reaches the core as {@link TlsSettings#sslContext()}. jetcd builds its channel
 * once, so the context is never replaced: its key and trust managers delegate to the current
 * bundle's, and {@link #update(SslBundle)} swaps them, so every handshake from then on presents
 * the new certificate. A TLS connection keeps the identity it was opened with, so {@link #update}
 * then retires the connections opened before it: {@link EtcdConnection#renewConnections()} moves
 * new calls to new connections (with the new certificate; calls in flight finish) and, one
 * request timeout later, the old connections are closed (a TLS close_notify, sent with the
 * connection's next frame: gRPC pings connections with open streams every 10 s). What is left on
 * them then is long-lived streams: jetcd resumes the watches and lease keep-alives on a new
 * connection as after any connection loss (our watches resume from their own revision, leases
 * keep their id: nothing is re-registered).
 */
final class ReloadingSslBundleContext {

	private static final Logger logger = LoggerFactory.getLogger(ReloadingSslBundleContext.class);

	private final SwappableManagers.Key keyManager = new SwappableManagers.Key();

	private final SwappableManagers.Trust trustManager = new SwappableManagers.Trust();

	/** Engines of the connections opened so far; weak: a closed connection's engine goes with it. */
	private final Set<SSLEngine> engines = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	private final String name;

	private final SslContext context;

	private final boolean clientCertificate;

	private volatile SslBundle bundle;

	private volatile EtcdConnection connection;

	/**
	 * @param name what the bundle is called, for messages
	 * @param bundle the bundle as it is now
	 */
	ReloadingSslBundleContext(String name, SslBundle bundle) {
		this.name = name;
		this.clientCertificate = holdsAKey(bundle.getStores().getKeyStore());
		swap(bundle);
		SslContextBuilder builder = GrpcSslContexts.forClient().keyManager(this.keyManager).trustManager(this.trustManager);
		SslOptions options = bundle.getOptions();
		if (options.getEnabledProtocols() != null) {
			builder.protocols(options.getEnabledProtocols());
		}
		if (options.getCiphers() != null) {
			builder.ciphers(List.of(options.getCiphers()));
		}
		try {
			this.context = new Tracking(builder.build());
		}
		catch (SSLException ex) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "SSL bundle '" + name + "' (etcd.ssl.bundle) "
					+ "can't be used for etcd: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The context following {@code tls}, or {@code null} when its TLS is not a bundle's.
	 * @param tls the settings of a connection, or {@code null}
	 */
	static ReloadingSslBundleContext of(TlsSettings tls) {
		return (tls != null && tls.sslContext() instanceof Tracking tracking) ? tracking.owner() : null;
	}

	/**
	 * The TLS settings that make a connection use this context.
	 * @param authority the host name expected in etcd's certificate ({@code etcd.tls.authority}),
	 * or {@code null} for the host of the first endpoint
	 */
	TlsSettings tlsSettings(String authority) {
		return TlsSettings.builder().sslContext(this.context, this.clientCertificate).authority(authority).build();
	}

	/** The name of the bundle, for messages. */
	String name() {
		return this.name;
	}

	/** The bundle as last loaded. */
	SslBundle bundle() {
		return this.bundle;
	}

	/**
	 * Takes the bundle's new managers and retires the connections opened with the old ones.
	 * Cheap and non-blocking: called on Boot's file-watch thread.
	 */
	void update(SslBundle bundle) {
		swap(bundle);
		List<SSLEngine> old;
		synchronized (this.engines) {
			old = new ArrayList<>(this.engines);
			this.engines.clear();
		}
		EtcdConnection connection = this.connection;
		// drain first: new calls go to new connections, calls in flight finish on the old ones within
		// the request timeout; only then cut what is left there (watches and lease keep-alives, which resume)
		boolean drained = connection != null && !connection.isClosed() && renew(connection);
		Duration grace = drained ? connection.settings().requestTimeout() : Duration.ZERO;
		logger.info("SSL bundle '{}' for etcd was updated: new connections use its new certificate; the {} TLS "
				+ "connection(s) opened with the old one are closed {} (they reconnect; watches and lease keep-alives "
				+ "resume)", this.name, old.size(), drained ? "in " + grace.toMillis() + " ms" : "now");
		CompletableFuture.runAsync(() -> close(old),
				CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS));
	}

	/**
	 * Remembers the connection built on this context, whose connections {@link #update} renews
	 * before cutting the old ones.
	 * @return the connection
	 */
	EtcdConnection attach(EtcdConnection connection) {
		this.connection = connection;
		return connection;
	}

	/** The number of connections opened since the start or the last update; for tests. */
	int trackedConnections() {
		return this.engines.size();
	}

	private static boolean renew(EtcdConnection connection) {
		try {
			return connection.renewConnections();
		}
		catch (EtcdRegistryException ex) {
			return false; // closed meanwhile: nothing to drain
		}
	}

	private static void close(List<SSLEngine> engines) {
		for (SSLEngine engine : engines) {
			if (!engine.isOutboundDone()) {
				// sent with the connection's next frame; etcd then closes the connection
				engine.closeOutbound();
			}
		}
	}

	private static boolean holdsAKey(KeyStore store) {
		try {
			if (store != null) {
				for (String alias : Collections.list(store.aliases())) {
					if (store.isKeyEntry(alias)) {
						return true;
					}
				}
			}
			return false;
		}
		catch (KeyStoreException ex) {
			return true; // a key store we can't list is there to present a certificate
		}
	}

	private void swap(SslBundle bundle) {
		KeyManager[] keys = bundle.getManagers().getKeyManagers();
		TrustManager[] trust = bundle.getManagers().getTrustManagers();
		this.keyManager.delegate = first(keys, X509ExtendedKeyManager.class, "key");
		this.trustManager.delegate = first(trust, X509ExtendedTrustManager.class, "trust");
		this.bundle = bundle;
	}

	private <T> T first(Object[] managers, Class<T> type, String what) {
		for (Object manager : managers) {
			if (type.isInstance(manager)) {
				return type.cast(manager);
			}
		}
		throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "SSL bundle '" + this.name + "' (etcd.ssl.bundle) "
				+ "has no X.509 " + what + " manager");
	}

	private final class Tracking extends DelegatingSslContext {

		Tracking(SslContext context) {
			super(context);
		}

		@Override
		protected void initEngine(SSLEngine engine) {
			ReloadingSslBundleContext.this.engines.add(engine);
		}

		ReloadingSslBundleContext owner() {
			return ReloadingSslBundleContext.this;
		}

	}

}
