package dev.etcdregistry.console;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigStore;

/**
 * One signed-in person's link to etcd: a connection made with their own etcd credentials (so
 * etcd's RBAC decides what they see and change) and what the pages keep open on it, such as
 * the registry watch. Closed on sign-out and when the HTTP session expires.
 */
public final class EtcdSession implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EtcdSession.class);

	private final String user;

	private final boolean authEnabled;

	private final EtcdConnection connection;

	private final ConfigStore store;

	private final Map<Class<?>, AutoCloseable> attachments = new LinkedHashMap<>();

	private boolean closed;

	private volatile Runnable onClose = () -> {
	};

	public EtcdSession(String user, boolean authEnabled, EtcdConnection connection) {
		this.user = user;
		this.authEnabled = authEnabled;
		this.connection = connection;
		this.store = ConfigStore.of(connection);
	}

	/** The etcd user name (without auth: the name typed at sign-in, used for audit only). */
	public String user() {
		return this.user;
	}

	/** Whether etcd checks users; without it anyone reaching the console may do anything. */
	public boolean authEnabled() {
		return this.authEnabled;
	}

	public EtcdConnection connection() {
		return this.connection;
	}

	public ConfigStore store() {
		return this.store;
	}

	/**
	 * The object of {@code type} kept for this session, made by {@code factory} on first use and
	 * closed with the session.
	 */
	public <T extends AutoCloseable> T attachment(Class<T> type, Supplier<T> factory) {
		synchronized (this.attachments) {
			checkOpen();
			AutoCloseable existing = this.attachments.get(type);
			if (existing != null) {
				return type.cast(existing);
			}
		}
		// made outside our lock: making one may call etcd (a watch reads first)
		T made = factory.get();
		AutoCloseable winner;
		synchronized (this.attachments) {
			winner = this.closed ? null : this.attachments.putIfAbsent(type, made);
		}
		if (winner != null || isClosed()) {
			closeQuietly(made);
			checkOpen();
			return type.cast(winner);
		}
		return made;
	}

	private void checkOpen() {
		if (isClosed()) {
			throw new IllegalStateException("the etcd session of '" + this.user + "' is closed; sign in again");
		}
	}

	/** Runs {@code action} when this session closes. */
	void onClose(Runnable action) {
		this.onClose = action;
	}

	public boolean isClosed() {
		synchronized (this.attachments) {
			return this.closed;
		}
	}

	private void closeQuietly(AutoCloseable attachment) {
		try {
			attachment.close();
		}
		catch (Exception ex) {
			logger.warn("Closing {} of '{}' failed: {}", attachment.getClass().getSimpleName(), this.user,
					ex.toString());
		}
	}

	@Override
	public void close() {
		Map<Class<?>, AutoCloseable> open;
		synchronized (this.attachments) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			open = new LinkedHashMap<>(this.attachments);
			this.attachments.clear();
		}
		open.values().forEach(this::closeQuietly);
		this.onClose.run();
		this.connection.close();
		logger.info("Closed the etcd session of '{}'", this.user);
	}

}
