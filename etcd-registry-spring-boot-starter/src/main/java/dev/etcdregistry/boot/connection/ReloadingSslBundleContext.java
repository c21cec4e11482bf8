package dev.etcdregistry.boot.connection;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import io.etcd.jetcd.Client;
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

/**
 * The Netty {@link SslContext} jetcd's channel uses, following an {@link SslBundle} that may be
 * reloaded. jetcd builds its channel once, so the context is never replaced: its key and trust
 * managers delegate to the current bundle's, and {@link #update(SslBundle)} swaps them, so every
 * handshake from then on presents the new certificate. A TLS connection keeps the identity it
 * was opened with, so {@link #update} then retires the connections opened before it: it moves
 * jetcd's gRPC channel to idle (new calls open new connections, with the new certificate; calls
 * in flight finish) and, one request timeout later, closes the old connections (a TLS
 * close_notify, sent with the connection's next frame: gRPC pings connections with open streams
 * every 10 s). What is left on them then is long-lived streams: jetcd resumes the watches and
 * lease keep-alives on a new connection as after any connection loss (our watches resume from
 * their own revision, leases keep their id: nothing is re-registered).
 */
final class ReloadingSslBundleContext {

	private static final Logger logger = LoggerFactory.getLogger(ReloadingSslBundleContext.class);

	private final KeyManagerDelegate keyManager = new KeyManagerDelegate();

	private final TrustManagerDelegate trustManager = new TrustManagerDelegate();

	/** Engines of the connections opened so far; weak: a closed connection's engine goes with it. */
	private final Set<SSLEngine> engines = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

	private final String name;

	private volatile Client client;

	private volatile Duration grace = Duration.ZERO;

	private final SslContext context;

	/**
	 * @param name what the bundle is called, for messages
	 * @param bundle the bundle as it is now
	 */
	ReloadingSslBundleContext(String name, SslBundle bundle) {
		this.name = name;
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

	SslContext sslContext() {
		return this.context;
	}

	/**
	 * Takes the bundle's new managers and closes the connections opened with the old ones. Cheap
	 * and non-blocking: called on Boot's file-watch thread.
	 */
	void update(SslBundle bundle) {
		swap(bundle);
		List<SSLEngine> old;
		synchronized (this.engines) {
			old = new ArrayList<>(this.engines);
			this.engines.clear();
		}
		Client client = this.client;
		// drain first: new calls go to new connections, calls in flight finish on the old ones within
		// the request timeout; only then cut what is left there (watches and lease keep-alives, which resume)
		boolean drained = client != null && JetcdChannel.enterIdle(client);
		Duration grace = drained ? this.grace : Duration.ZERO;
		logger.info("SSL bundle '{}' for etcd was updated: new connections use its new certificate; the {} TLS "
				+ "connection(s) opened with the old one are closed {} (they reconnect; watches and lease keep-alives "
				+ "resume)", this.name, old.size(), drained ? "in " + grace.toMillis() + " ms" : "now");
		CompletableFuture.runAsync(() -> close(old),
				CompletableFuture.delayedExecutor(grace.toMillis(), TimeUnit.MILLISECONDS));
	}

	/**
	 * The client built on this context, whose channel {@link #update} drains before cutting.
	 * @param grace how long calls in flight may take (the request timeout)
	 */
	void attach(Client client, Duration grace) {
		this.client = client;
		this.grace = grace;
	}

	private static void close(List<SSLEngine> engines) {
		for (SSLEngine engine : engines) {
			if (!engine.isOutboundDone()) {
				// sent with the connection's next frame; etcd then closes the connection
				engine.closeOutbound();
			}
		}
	}

	/** The number of connections opened since the start or the last update; for tests. */
	int trackedConnections() {
		return this.engines.size();
	}

	private void swap(SslBundle bundle) {
		KeyManager[] keys = bundle.getManagers().getKeyManagers();
		TrustManager[] trust = bundle.getManagers().getTrustManagers();
		this.keyManager.delegate = first(keys, X509ExtendedKeyManager.class, "key");
		this.trustManager.delegate = first(trust, X509ExtendedTrustManager.class, "trust");
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

	}

	private static final class KeyManagerDelegate extends X509ExtendedKeyManager {

		volatile X509ExtendedKeyManager delegate;

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return this.delegate.getClientAliases(keyType, issuers);
		}

		@Override
		public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
			return this.delegate.chooseClientAlias(keyType, issuers, socket);
		}

		@Override
		public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
			return this.delegate.chooseEngineClientAlias(keyType, issuers, engine);
		}

		@Override
		public String[] getServerAliases(String keyType, Principal[] issuers) {
			return this.delegate.getServerAliases(keyType, issuers);
		}

		@Override
		public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			return this.delegate.chooseServerAlias(keyType, issuers, socket);
		}

		@Override
		public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
			return this.delegate.chooseEngineServerAlias(keyType, issuers, engine);
		}

		@Override
		public X509Certificate[] getCertificateChain(String alias) {
			return this.delegate.getCertificateChain(alias);
		}

		@Override
		public PrivateKey getPrivateKey(String alias) {
			return this.delegate.getPrivateKey(alias);
		}

	}

	private static final class TrustManagerDelegate extends X509ExtendedTrustManager {

		volatile X509ExtendedTrustManager delegate;

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.delegate.checkClientTrusted(chain, authType);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			this.delegate.checkClientTrusted(chain, authType, socket);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			this.delegate.checkClientTrusted(chain, authType, engine);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.delegate.checkServerTrusted(chain, authType);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			this.delegate.checkServerTrusted(chain, authType, socket);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			this.delegate.checkServerTrusted(chain, authType, engine);
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return this.delegate.getAcceptedIssuers();
		}

	}

}
