package dev.etcdregistry.boot.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.bootstrap.BootstrapContextClosedEvent;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.boot.connection.EtcdProperties;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigSnapshot;
import dev.etcdregistry.config.ConfigStore;

/**
 * The state of {@code spring.config.import=etcd:} while the Environment is prepared: the
 * connection, the one snapshot of {@code <prefix>/} every property source is built from, and
 * the property sources. The import's connection lives only for that read: the import may run
 * where no application context will ever close it (Spring Cloud's refresh re-runs it in a
 * bootstrap context that is never closed). When the bootstrap context closes, the property
 * sources are handed to an {@link EtcdConfigImportWatcher}, which watches through the
 * application's own {@code EtcdConnection} bean.
 *
 * <p>With {@code etcd.fail-fast=false} and etcd unreachable, the keys come from the local
 * snapshot ({@link LocalConfigSnapshot}) instead, and the watcher resumes from its revision.
 *
 * <p>Slightly over 250 lines on purpose: the read, its fallbacks (local snapshot, optional
 * import) and the hand-over to the watcher are one state machine under one lock; the watching
 * itself is {@link EtcdConfigImportWatcher}'s.
 */
final class EtcdConfigImport {

	static final String WATCHER_BEAN = "etcdConfigImportWatcher";

	private final EtcdProperties properties;

	/** The import's connection settings (an etcd.ssl.bundle needs the binder; see EtcdSettingsFactory). */
	private final Supplier<EtcdSettings> settings;

	private final EtcdConfigProperties config;

	private final Log log;

	private final List<EtcdPropertySource> sources = new CopyOnWriteArrayList<>();

	private ConfigSnapshot snapshot;

	private boolean unavailable;

	/** Whether some resolved step is required: then etcd being down fails the start. */
	private boolean anyRequired;

	/** Every context the resolved import steps read, lowest precedence first. */
	private final Set<String> contexts = new LinkedHashSet<>();

	/** Set once the context runs: later loads are refreshes and get the live sources. */
	private EtcdConfigImportWatcher watcher;

	private final LocalConfigSnapshot localSnapshot;

	/** The saved keys the property sources were built from, when etcd was unreachable. */
	private ConfigSnapshotFile.Section resumeFrom;

	/** Whether etcd.fail-fast was set explicitly (else an optional:etcd: import implies false). */
	private final boolean failFastSet;

	/** Set when an optional:etcd: import found etcd down and fail-fast was left to its default. */
	private boolean startWithoutEtcd;

	EtcdConfigImport(EtcdProperties properties, Supplier<EtcdSettings> settings, EtcdConfigProperties config,
			String applicationName, Log log, Log snapshotLog, boolean failFastSet) {
		this.failFastSet = failFastSet;
		this.properties = properties;
		this.settings = settings;
		this.config = config;
		this.log = log;
		this.localSnapshot = LocalConfigSnapshot.of(properties, config, applicationName, snapshotLog);
	}

	EtcdConfigProperties config() {
		return this.config;
	}

	/** {@code <prefix>/}, the one prefix the import reads and watches. */
	static String root(EtcdConfigProperties config) {
		String prefix = (config.getPrefix() != null) ? config.getPrefix().strip() : "";
		while (prefix.endsWith("/")) {
			prefix = prefix.substring(0, prefix.length() - 1);
		}
		return prefix + "/";
	}

	/**
	 * Connects and reads {@code <prefix>/} once; later calls return the same snapshot.
	 * @return the snapshot, or {@code null} when an optional import could not reach etcd
	 * @throws EtcdRegistryException when a required import cannot reach etcd
	 */
	synchronized ConfigSnapshot snapshot(boolean optionalStep) {
		// one read serves every step: it may be skipped only when every step is optional
		boolean optional = optionalStep && !this.anyRequired;
		if (this.snapshot != null || this.unavailable) {
			return this.snapshot;
		}
		String root = root(config());
		try (EtcdConnection connection = EtcdConnection.connect(settings())) {
			// this application's contexts only, in one transaction: a role with read on them is enough
			this.snapshot = ConfigStore.of(connection).getPrefixes(List.copyOf(this.contexts));
			this.log.info("Imported " + this.snapshot.entries().size() + " etcd key(s) from " + this.contexts
					+ " at revision " + this.snapshot.revision());
			return this.snapshot;
		}
		catch (EtcdRegistryException ex) {
			boolean down = ex.reason() == Reason.UNREACHABLE || ex.reason() == Reason.TIMEOUT;
			if (down && optional && !this.failFastSet) {
				// optional:etcd: means "start without etcd": the rest of the starter must not stop it
				this.startWithoutEtcd = true;
			}
			if (!failFast() && down) {
				ConfigSnapshot saved = fromLocalSnapshot(root, ex);
				if (saved != null) {
					return saved;
				}
				if (!optional) {
					throw new EtcdRegistryException(ex.reason(), "spring.config.import=etcd: has no config to start from: "
							+ ex.getMessage() + ", etcd.fail-fast is false and " + ((this.localSnapshot != null)
									? "there is no usable local snapshot at " + this.localSnapshot.path()
											+ this.localSnapshot.problem().map((p) -> " (" + p + ")").orElse("")
									: "no local snapshot is kept (etcd.config.snapshot.enabled=false)")
							+ "; import with optional:etcd: to start without the keys under '" + root + "', or set "
							+ "etcd.config.snapshot.enabled=true so that a run with etcd up leaves a snapshot to start "
							+ "from", ex);
				}
			}
			if (!optional) {
				// optional:etcd: helps only when etcd is down: a wrong password stays wrong
				throw new EtcdRegistryException(ex.reason(), "spring.config.import=etcd: could not read the keys under '"
						+ root + "': " + ex.getMessage() + (down ? " (or import with optional:etcd: to start without them)"
								: ""), ex);
			}
			this.unavailable = true;
			this.log.warn("Skipping optional:etcd: config import of '" + root + "': " + ex.getMessage()
					+ (this.startWithoutEtcd ? "; starting without etcd (etcd.fail-fast is false for this start): "
							+ "registration, discovery and @EtcdConfigValue watches catch up when etcd answers" : ""));
			return null;
		}
	}

	private synchronized boolean failFast() {
		return this.properties.isFailFast() && !this.startWithoutEtcd;
	}

	/** Whether the import decided that this start goes on without etcd (optional:etcd:, etcd down). */
	synchronized boolean startsWithoutEtcd() {
		return this.startWithoutEtcd;
	}

	private ConfigSnapshot fromLocalSnapshot(String root, EtcdRegistryException ex) {
		if (this.localSnapshot == null) {
			return null;
		}
		ConfigSnapshotFile.Section section = this.localSnapshot.importSection(root).orElse(null);
		if (section == null) {
			return null;
		}
		this.snapshot = section.toConfigSnapshot();
		this.resumeFrom = section;
		this.localSnapshot.use("etcd could not be read for spring.config.import=etcd: (" + ex.getMessage() + ")")
			.ifPresent(this.log::warn);
		return this.snapshot;
	}

	/**
	 * The property source of one import step. At startup it is built from the import's read;
	 * once the context runs (a Spring Cloud refresh loads config data again through this same
	 * import) it is the live source the watcher keeps current, so a refresh never brings back
	 * the values read at startup nor adds a source.
	 * @return the source, or {@code null} when an optional import could not reach etcd
	 */
	EtcdPropertySource load(EtcdConfigDataResource resource) {
		String name = "etcd:" + String.join(";", resource.contexts());
		EtcdConfigImportWatcher running;
		synchronized (this) {
			running = this.watcher;
		}
		if (running != null) {
			running.refreshIfNotWatching();
			EtcdPropertySource live = find(name);
			if (live == null) {
				live = new EtcdPropertySource(name, resource.contexts(), resource.profiles());
				live.update(running.currentValues());
				this.sources.add(live);
			}
			return live;
		}
		ConfigSnapshot read = snapshot(resource.optional());
		if (read == null) {
			return null;
		}
		synchronized (this) {
			EtcdPropertySource source = find(name);
			if (source == null) {
				source = new EtcdPropertySource(name, resource.contexts(), resource.profiles());
				source.update(read.values());
				if (resource.explicit() && source.keys().isEmpty() && !source.hasRejectedDocument()) {
					// Boot skips it when the location is optional:, and names it otherwise
					throw new ConfigDataResourceNotFoundException(resource);
				}
				this.sources.add(source);
			}
			return source;
		}
	}

	private EtcdPropertySource find(String name) {
		return this.sources.stream().filter((source) -> source.getName().equals(name)).findFirst().orElse(null);
	}

	/** Registers the contexts of a resolved import step: the one read covers all of them. */
	synchronized void addContexts(List<String> resolved, boolean optional) {
		this.contexts.addAll(resolved);
		this.anyRequired |= !optional;
	}

	void onBootstrapClosed(BootstrapContextClosedEvent event) {
		ConfigurableApplicationContext context = event.getApplicationContext();
		if (this.localSnapshot != null && !context.getBeanFactory().containsSingleton(LocalConfigSnapshot.BEAN_NAME)) {
			// the same instance for the @EtcdConfigValue keys: one file, one "started from it" line
			context.getBeanFactory().registerSingleton(LocalConfigSnapshot.BEAN_NAME, this.localSnapshot);
		}
		synchronized (this) {
			if (this.snapshot == null) {
				return;
			}
		}
		EtcdConfigImportWatcher watcher = new EtcdConfigImportWatcher(
				() -> context.getBeanProvider(EtcdConnection.class).getIfAvailable(), root(config()), this.sources,
				context, config().isRefreshOnChange());
		watcher.startup(this.localSnapshot, this.resumeFrom, failFast());
		if (!config().isWatch()) {
			watcher.disableWatch();
		}
		register(context.getBeanFactory(), WATCHER_BEAN, watcher);
		synchronized (this) {
			this.watcher = watcher;
		}
	}

	private static void register(ConfigurableListableBeanFactory beanFactory, String name, AutoCloseable bean) {
		beanFactory.registerSingleton(name, bean);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(name, bean::close);
		}
	}

	private EtcdSettings settings() {
		return this.settings.get();
	}

}
