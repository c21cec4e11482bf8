package dev.etcdregistry.boot.autoconfigure.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.bootstrap.BootstrapContextClosedEvent;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.boot.autoconfigure.EtcdProperties;
import dev.etcdregistry.boot.autoconfigure.EtcdSettingsFactory;
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
 */
final class EtcdConfigImport {

	static final String WATCHER_BEAN = "etcdConfigImportWatcher";

	private final EtcdProperties properties;

	private final Log log;

	private final List<EtcdPropertySource> sources = new CopyOnWriteArrayList<>();

	private ConfigSnapshot snapshot;

	private boolean unavailable;

	EtcdConfigImport(EtcdProperties properties, Log log) {
		this.properties = properties;
		this.log = log;
	}

	EtcdProperties.Config config() {
		return this.properties.getConfig();
	}

	/** {@code <prefix>/}, the one prefix the import reads and watches. */
	static String root(EtcdProperties.Config config) {
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
	synchronized ConfigSnapshot snapshot(boolean optional) {
		if (this.snapshot != null || this.unavailable) {
			return this.snapshot;
		}
		String root = root(config());
		try (EtcdConnection connection = EtcdConnection.connect(settings())) {
			this.snapshot = ConfigStore.of(connection).getPrefix(root);
			this.log.info("Imported " + this.snapshot.entries().size() + " etcd key(s) under '" + root
					+ "' at revision " + this.snapshot.revision());
			return this.snapshot;
		}
		catch (EtcdRegistryException ex) {
			if (!optional) {
				throw new EtcdRegistryException(ex.reason(), "spring.config.import=etcd: could not read the keys under '"
						+ root + "': " + ex.getMessage() + " (or import with optional:etcd: to start without them)", ex);
			}
			this.unavailable = true;
			this.log.warn("Skipping optional:etcd: config import of '" + root + "': " + ex.getMessage());
			return null;
		}
	}

	void add(EtcdPropertySource source) {
		this.sources.add(source);
	}

	void onBootstrapClosed(BootstrapContextClosedEvent event) {
		synchronized (this) {
			if (this.snapshot == null) {
				return;
			}
		}
		ConfigurableApplicationContext context = event.getApplicationContext();
		EtcdConfigImportWatcher watcher = new EtcdConfigImportWatcher(
				() -> context.getBeanProvider(EtcdConnection.class).getIfAvailable(), root(config()), this.sources,
				context);
		if (!config().isWatch()) {
			watcher.disableWatch();
		}
		register(context.getBeanFactory(), WATCHER_BEAN, watcher);
	}

	private static void register(ConfigurableListableBeanFactory beanFactory, String name, AutoCloseable bean) {
		beanFactory.registerSingleton(name, bean);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(name, bean::close);
		}
	}

	private EtcdSettings settings() {
		return EtcdSettingsFactory.create(this.properties);
	}

}
