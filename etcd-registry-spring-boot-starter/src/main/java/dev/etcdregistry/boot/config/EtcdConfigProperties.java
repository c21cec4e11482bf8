package dev.etcdregistry.boot.config;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the config center (etcd.config.*): the spring.config.import=etcd: import and
 * the @EtcdConfigValue members.
 */
@ConfigurationProperties(EtcdConfigProperties.PREFIX)
public class EtcdConfigProperties {

	/** The prefix of these properties. */
	public static final String PREFIX = "etcd.config";

	/**
	 * Whether the config center is on: the spring.config.import=etcd: import and the
	 * @EtcdConfigValue members. With false, an optional:etcd: import reads nothing and a
	 * required etcd: import stops the start with a message saying so.
	 */
	private boolean enabled = true;

	/** Root of the keys read by spring.config.import=etcd:. */
	private String prefix = "/config";

	/** Context shared by every application, read first (keys under <prefix>/<default-context>/). */
	private String defaultContext = "application";

	/**
	 * Extra contexts every application listing them reads (keys under
	 * <prefix>/<context>/), as Nacos's shared configs: above the default context and below
	 * the application's own, a later one winning over an earlier one.
	 */
	private List<String> sharedContexts = new ArrayList<>();

	/** Joins a context and a profile in key prefixes, as in /config/orders,prod/. */
	private String profileSeparator = ",";

	/** Whether the imported keys are watched and changes applied to the Environment. */
	private boolean watch = true;

	/**
	 * Whether an etcd change to imported properties refreshes Spring Cloud's @RefreshScope
	 * beans (when Spring Cloud Context is present), as a refresh through /actuator/refresh
	 * would.
	 */
	private boolean refreshOnChange = true;

	/**
	 * Whether @Value("${...}") fields and setter methods of singleton beans are injected
	 * again, in place, when an imported property they use changes.
	 */
	private boolean updateValuePlaceholders = true;

	/** A local copy of the config used, to start from when etcd is down. */
	private final Snapshot snapshot = new Snapshot();

	public Snapshot getSnapshot() {
		return this.snapshot;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPrefix() {
		return this.prefix;
	}

	public void setPrefix(String prefix) {
		this.prefix = prefix;
	}

	public String getDefaultContext() {
		return this.defaultContext;
	}

	public void setDefaultContext(String defaultContext) {
		this.defaultContext = defaultContext;
	}

	public List<String> getSharedContexts() {
		return this.sharedContexts;
	}

	public void setSharedContexts(List<String> sharedContexts) {
		this.sharedContexts = sharedContexts;
	}

	public String getProfileSeparator() {
		return this.profileSeparator;
	}

	public void setProfileSeparator(String profileSeparator) {
		this.profileSeparator = profileSeparator;
	}

	public boolean isWatch() {
		return this.watch;
	}

	public void setWatch(boolean watch) {
		this.watch = watch;
	}

	public boolean isRefreshOnChange() {
		return this.refreshOnChange;
	}

	public void setRefreshOnChange(boolean refreshOnChange) {
		this.refreshOnChange = refreshOnChange;
	}

	public boolean isUpdateValuePlaceholders() {
		return this.updateValuePlaceholders;
	}

	public void setUpdateValuePlaceholders(boolean updateValuePlaceholders) {
		this.updateValuePlaceholders = updateValuePlaceholders;
	}

	/**
	 * A local copy of the config this application uses from etcd (the etcd: import and the
	 * @EtcdConfigValue keys), to start from when etcd is down and etcd.fail-fast is false.
	 */
	public static class Snapshot {

		/**
		 * Whether to keep the snapshot file. It is rewritten (atomically, readable by the owner
		 * only) whenever a change is applied, and used only when etcd is unreachable at startup.
		 */
		private boolean enabled = false;

		/**
		 * The snapshot file; defaults to
		 * .etcd-registry/<spring.application.name>-config-snapshot.json under the working
		 * directory ("application" when the name is not set).
		 */
		private String path;

		/**
		 * Whether values of keys matching etcd.sensitive-keys are written too. By default they are
		 * left out: the application then starts without them when etcd is down.
		 */
		private boolean includeSensitive = false;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public boolean isIncludeSensitive() {
			return this.includeSensitive;
		}

		public void setIncludeSensitive(boolean includeSensitive) {
			this.includeSensitive = includeSensitive;
		}

	}

}
