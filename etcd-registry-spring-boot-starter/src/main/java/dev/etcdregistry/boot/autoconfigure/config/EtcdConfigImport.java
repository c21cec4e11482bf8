package dev.etcdregistry.boot.autoconfigure.config;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.bootstrap.BootstrapContextClosedEvent;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.boot.autoconfigure.EtcdProperties;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.config.ConfigSnapshot;
import dev.etcdregistry.config.ConfigStore;

/**
 * The state of {@code spring.config.import=etcd:} while the Environment is prepared: the
 * connection, the one snapshot of {@code <prefix>/} every property source is built from, and
 * the property sources. When the bootstrap context closes, the connection becomes the
 * application's {@code etcdConnection} bean (closed with the context) and the property
 * sources are handed to an {@link EtcdConfigImportWatcher}.
 */
final class EtcdConfigImport {

	static final String CONNECTION_BEAN = "etcdConnection";

	static final String WATCHER_BEAN = "etcdConfigImportWatcher";

	private final EtcdProperties properties;

	private final Log log;

	private final List<EtcdPropertySource> sources = new CopyOnWriteArrayList<>();

	private EtcdConnection connection;

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
		EtcdConnection opened = null;
		try {
			opened = EtcdConnection.connect(settings());
			this.snapshot = ConfigStore.of(opened).getPrefix(root);
			this.connection = opened;
			this.log.info("Imported " + this.snapshot.entries().size() + " etcd key(s) under '" + root
					+ "' at revision " + this.snapshot.revision());
			return this.snapshot;
		}
		catch (EtcdRegistryException ex) {
			if (opened != null) {
				opened.close();
			}
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
		EtcdConnection shared;
		synchronized (this) {
			shared = this.connection;
		}
		if (shared == null) {
			return;
		}
		ConfigurableListableBeanFactory beanFactory = event.getApplicationContext().getBeanFactory();
		EtcdConfigImportWatcher watcher = new EtcdConfigImportWatcher(shared, root(config()), this.sources,
				event.getApplicationContext());
		if (!beanFactory.containsBean(CONNECTION_BEAN)) {
			register(beanFactory, CONNECTION_BEAN, shared);
		}
		else {
			// the application defines its own connection: ours lives and dies with the watcher
			watcher.closeConnectionOnClose();
		}
		register(beanFactory, WATCHER_BEAN, watcher);
		if (!config().isWatch()) {
			watcher.disableWatch();
		}
	}

	private static void register(ConfigurableListableBeanFactory beanFactory, String name, AutoCloseable bean) {
		beanFactory.registerSingleton(name, bean);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(name, bean::close);
		}
	}

	private EtcdSettings settings() {
		EtcdProperties etcd = this.properties;
		return EtcdSettings.builder()
			.endpoints(etcd.getEndpoints())
			.username(etcd.getUsername())
			.password(etcd.getPassword())
			.namespace(etcd.getNamespace())
			.connectTimeout(etcd.getConnectTimeout())
			.requestTimeout(etcd.getRequestTimeout())
			.build();
	}

}
