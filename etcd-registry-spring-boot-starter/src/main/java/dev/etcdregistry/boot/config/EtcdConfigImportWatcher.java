package dev.etcdregistry.boot.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.config.ConfigChange;
import dev.etcdregistry.config.ConfigChangeEvent;
import dev.etcdregistry.config.ConfigEntry;
import dev.etcdregistry.config.ConfigSnapshot;
import dev.etcdregistry.config.ConfigStore;
import dev.etcdregistry.config.ConfigWatch;

/**
 * Keeps the {@code etcd:} property sources current once the context runs: the imported
 * contexts and keys watched (read in one transaction, watched from the next revision), and each
 * etcd revision handed to {@link ImportedChanges}, which updates the sources in place, rebinds
 * {@code @ConfigurationProperties} beans and publishes the events. Changes made between the import's read and the
 * start of the watch are applied on start. When etcd does not answer at start, the imported
 * values stay as read and the watch is retried in the background.
 *
 * <p>Over 250 lines on purpose: one lock guards the watch, the keys changed before it was kept
 * and the running flag, across start (three ways: read, resume from the local snapshot, in the
 * background), the jetcd callback, the retries and a Spring Cloud refresh without a watch.
 * Splitting those apart would spread that protocol over several classes; applying a change is
 * already {@link ImportedChanges}'s job.
 */
final class EtcdConfigImportWatcher implements SmartLifecycle, EtcdConfigWatches, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EtcdConfigImportWatcher.class);

	private final Supplier<EtcdConnection> connections;

	private EtcdConnection connection;

	private final String root;

	private final ConfigurableApplicationContext context;

	private final ImportedChanges changes;

	private static final Duration FIRST_RETRY = Duration.ofMillis(500);

	private static final Duration MAX_RETRY = Duration.ofSeconds(30);

	/** Jittered, so that a fleet that lost etcd together does not retry together. */
	private final BackOffExecution retries = retryBackOff().start();

	private int retriesSoFar;

	private final Object lock = new Object();

	private ConfigWatch watch;

	private boolean watchEnabled = true;

	private volatile boolean running;

	private LocalConfigSnapshot localSnapshot;

	private ConfigSnapshotFile.Section resumeFrom;

	private boolean failFast = true;

	/** Test seam: runs after a watch started without a read and before it is kept. */
	Consumer<ConfigWatch> beforeWatchIsKept = (watch) -> {
	};

	/** Events handled so far (test seam). */
	final AtomicInteger handledEvents = new AtomicInteger();

	/** Keys changed by events that arrived before the watch was kept; applied once it is. */
	private Set<String> earlyKeys;

	EtcdConfigImportWatcher(Supplier<EtcdConnection> connections, String root, List<EtcdPropertySource> sources,
			ConfigurableApplicationContext context, boolean refreshOnChange) {
		this.connections = connections;
		this.root = root;
		this.context = context;
		this.changes = new ImportedChanges(sources, context, new PropertiesRebinder(context, refreshOnChange, this));
	}

	/**
	 * How to start: from the local snapshot's revision when the property sources were built
	 * from it, in the background when etcd did not answer and need not, and saving what is
	 * applied to {@code localSnapshot} when there is one.
	 */
	void startup(LocalConfigSnapshot localSnapshot, ConfigSnapshotFile.Section resumeFrom, boolean failFast) {
		this.localSnapshot = localSnapshot;
		this.resumeFrom = resumeFrom;
		this.failFast = failFast;
	}

	void disableWatch() {
		this.watchEnabled = false;
	}

	@Override
	public void start() {
		synchronized (this.lock) {
			if (!this.watchEnabled || this.running) {
				return;
			}
			this.connection = this.connections.get();
			if (this.connection == null) {
				logger.warn("No EtcdConnection bean (etcd.enabled=false?): the values imported from '{}' stay as read "
						+ "and are not watched", this.root);
				return;
			}
			this.running = true;
		}
		this.changes.started();
		if (this.localSnapshot != null) {
			this.localSnapshot.usedEvent(this.context).ifPresent(this.context::publishEvent);
		}
		ConfigStore store = ConfigStore.of(this.connection);
		if (this.resumeFrom != null) {
			// sensitive keys were left out of the snapshot: only a full read brings them back
			boolean reread = this.resumeFrom.omittedSensitive() > 0;
			ConfigSnapshot saved = this.resumeFrom.toConfigSnapshot();
			long clusterId = this.localSnapshot.savedClusterId();
			startedWithoutRead(ConfigWatch.combine(contexts().stream()
				.map((context) -> store.resumeWatch(context, true, within(saved, context), clusterId, reread,
						this::onChange))
				.toList()));
		}
		else if (!this.failFast && !this.connection.isVerified()) {
			startedWithoutRead(ConfigWatch.combine(contexts().stream()
				.map((context) -> store.watchInBackground(context, true, this::onChange))
				.toList()));
		}
		else {
			watch();
		}
	}

	/** A watch that reports its first read (if any) as a change: nothing to apply yet. */
	private void startedWithoutRead(ConfigWatch started) {
		this.beforeWatchIsKept.accept(started);
		synchronized (this.lock) {
			if (!this.running) {
				started.close();
				return;
			}
			this.watch = started;
			// the background read (or a change after the resumed revision) may have come first
			Set<String> early = this.earlyKeys;
			this.earlyKeys = null;
			if (early != null && this.changes.apply(started.revision(), early, started.values())) {
				save();
			}
		}
		logger.debug("Watching etcd prefix '{}' for imported config once etcd answers", this.root);
	}

	private void watch() {
		synchronized (this.lock) {
			if (!this.running || this.watch != null) {
				return;
			}
		}
		ConfigWatch started;
		try {
			// this application's contexts only, read in one transaction and watched from the next revision
			started = ConfigStore.of(this.connection).watchPrefixes(contexts(), this::onChange);
		}
		catch (EtcdRegistryException ex) {
			retryLater(ex);
			return;
		}
		synchronized (this.lock) {
			if (!this.running) {
				started.close();
				return;
			}
			this.watch = started;
			this.earlyKeys = null; // covered: everything the watch holds is compared below
			// the watch read again: apply what changed since the import's snapshot
			if (this.changes.apply(started.revision(), null, started.values())) {
				save();
			}
		}
		logger.debug("Watching etcd prefix '{}' for imported config from revision {}", this.root,
				started.revision() + 1);
	}

	private void retryLater(EtcdRegistryException ex) {
		Duration delay;
		synchronized (this.retries) {
			if (this.retriesSoFar++ == 0) {
				logger.warn("Could not watch etcd prefix '{}' for imported config ({}); the imported values stay as "
						+ "read and watching is retried in the background", this.root, ex.getMessage());
			}
			delay = Duration.ofMillis(this.retries.nextBackOff());
		}
		try {
			// the watch starts with a read: keep it off the connection's shared timer thread
			this.connection.scheduler()
				.schedule(() -> this.connection.eventPool().execute(this::watch), delay.toMillis(),
						TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException closed) {
			logger.debug("Not retrying the watch of '{}': the connection is closed", this.root);
		}
	}

	/** Doubling from the first retry up to the max; each delay drawn from half to one and a half of that, within both. */
	private static ExponentialBackOff retryBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(FIRST_RETRY.toMillis(), 2.0);
		backOff.setMaxInterval(MAX_RETRY.toMillis());
		backOff.setJitter(FIRST_RETRY.toMillis() / 2);
		return backOff;
	}

	private void onChange(ConfigChangeEvent event) {
		try {
			synchronized (this.lock) {
				Set<String> keys = new HashSet<>();
				event.changes().stream().map(ConfigChange::key).forEach(keys::add);
				if (this.watch == null) {
					if (this.running) {
						// start() keeps the watch next and applies its values then
						if (this.earlyKeys == null) {
							this.earlyKeys = new HashSet<>();
						}
						this.earlyKeys.addAll(keys);
					}
					return;
				}
				if (this.changes.apply(event.revision(), keys, this.watch.values())) {
					save();
				}
			}
		}
		finally {
			this.handledEvents.incrementAndGet();
		}
	}

	/**
	 * The values of the watched prefix now: the watch's when it runs, otherwise a fresh read
	 * (a refresh without a watch), or nothing when etcd cannot be read.
	 */
	Map<String, String> currentValues() {
		synchronized (this.lock) {
			if (this.watch != null) {
				return this.watch.values();
			}
		}
		ConfigSnapshot read = readNow();
		return (read != null) ? read.values() : Map.of();
	}

	/**
	 * Before a Spring Cloud refresh loads the etcd: sources again: when no watch keeps them
	 * current (etcd.config.watch=false, or not started yet), reads etcd and updates them in place;
	 * the refresh then sees and publishes the differences itself.
	 */
	void refreshIfNotWatching() {
		synchronized (this.lock) {
			if (this.watch != null) {
				return;
			}
		}
		ConfigSnapshot read = readNow();
		if (read == null) {
			return;
		}
		synchronized (this.lock) {
			if (this.watch == null) {
				this.changes.updateOnly(read.values());
			}
		}
	}

	private ConfigSnapshot readNow() {
		EtcdConnection etcd = this.connections.get();
		if (etcd == null) {
			return null;
		}
		try {
			return ConfigStore.of(etcd).getPrefixes(contexts());
		}
		catch (EtcdRegistryException ex) {
			logger.warn("Could not read etcd prefix '{}' for a refresh ({}); the imported values stay as they are",
					this.root, ex.getMessage());
			return null;
		}
	}

	/** The key prefixes and document keys of every imported source. */
	private List<String> contexts() {
		return this.changes.contexts();
	}

	private static ConfigSnapshot within(ConfigSnapshot snapshot, String context) {
		Map<String, ConfigEntry> entries = new HashMap<>();
		snapshot.entries().forEach((key, entry) -> {
			if (key.startsWith(context)) {
				entries.put(key, entry);
			}
		});
		return new ConfigSnapshot(snapshot.revision(), entries);
	}

	private void save() {
		if (this.localSnapshot != null && this.watch.clusterId() != 0) {
			this.localSnapshot.updateImport(this.root, contexts(), this.watch.revision(), this.watch.clusterId(),
					this.watch.values());
		}
	}

	@Override
	public List<WatchedKey> watchedKeys() {
		long revision;
		synchronized (this.lock) {
			revision = (this.watch != null) ? this.watch.revision() : 0;
		}
		return this.changes.watchedKeys(revision);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void stop() {
		ConfigWatch toClose;
		synchronized (this.lock) {
			toClose = this.watch;
			this.watch = null;
			this.running = false;
		}
		if (toClose != null) {
			toClose.close();
		}
	}

	@Override
	public void close() {
		stop();
	}

}
