package dev.etcdregistry.boot.autoconfigure.config;

import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What Spring Cloud's own refresh ({@code ContextRefresher}) does after the Environment changed,
 * done for an etcd change without reprocessing the whole Environment: JavaBean
 * {@code @ConfigurationProperties} rebound by Spring Cloud's rebinder, an
 * {@link EnvironmentChangeEvent} naming the properties (log levels and user listeners follow it),
 * then {@code @RefreshScope} beans rebuilt ({@code etcd.config.refresh-on-change}). Loaded only
 * when Spring Cloud Context is on the class path.
 */
final class CloudRefresh {

	private final ConfigurableApplicationContext context;

	private final boolean refreshOnChange;

	private final Object eventSource;

	CloudRefresh(ConfigurableApplicationContext context, boolean refreshOnChange, Object eventSource) {
		this.context = context;
		this.refreshOnChange = refreshOnChange;
		// not the context: Spring Cloud's rebinder would then rebind every bean, immutable ones too
		this.eventSource = (eventSource != context) ? eventSource : this;
	}

	/**
	 * Rebinds through Spring Cloud's rebinder and announces the change.
	 * @return {@code false} when there is no such rebinder in the context (nothing was done)
	 */
	boolean rebind(Set<String> propertyNames, Map<String, ConfigurationPropertiesBean> beans) {
		ConfigurationPropertiesRebinder rebinder = this.context.getBeanProvider(ConfigurationPropertiesRebinder.class)
			.getIfAvailable();
		if (rebinder == null) {
			return false;
		}
		beans.forEach((name, bean) -> {
			if (!ValueObjectRebinder.isValueObject(bean)) {
				rebinder.rebind(name);
			}
		});
		announce(propertyNames);
		return true;
	}

	/** Publishes the change and refreshes the refresh scope. */
	void announce(Set<String> propertyNames) {
		this.context.publishEvent(new EnvironmentChangeEvent(this.eventSource, propertyNames));
		if (this.refreshOnChange) {
			RefreshScope scope = this.context.getBeanProvider(RefreshScope.class).getIfAvailable();
			if (scope != null) {
				scope.refreshAll();
			}
		}
	}

}
