package dev.etcdregistry.boot.config;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.cloud.context.properties.ConfigurationPropertiesRebinder;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

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

	private static final String NEVER_REFRESHABLE = "spring.cloud.refresh.never-refreshable";

	private final ValueObjectRebinder valueObjects;

	CloudRefresh(ConfigurableApplicationContext context, boolean refreshOnChange, Object eventSource,
			ValueObjectRebinder valueObjects) {
		this.context = context;
		this.refreshOnChange = refreshOnChange;
		// not the context: Spring Cloud's rebinder would then rebind every bean, immutable ones too
		this.eventSource = (eventSource != context) ? eventSource : this;
		this.valueObjects = valueObjects;
	}

	/**
	 * Spring Cloud's own refresh ({@code /actuator/refresh}, Bus) cannot reset an immutable
	 * {@code @ConfigurationProperties} bean and logs a warning with a stack trace for each one:
	 * they are added to {@code spring.cloud.refresh.never-refreshable} (keeping what is set there)
	 * and rebound here, after its {@link EnvironmentChangeEvent}, by replacing them.
	 */
	void takeOverValueObjects(Map<String, ConfigurationPropertiesBean> beans) {
		Set<String> classes = new LinkedHashSet<>();
		beans.values()
			.stream()
			.filter(ValueObjectRebinder::isValueObject)
			.forEach((bean) -> classes.add(bean.asBindTarget().getType().resolve(Object.class).getName()));
		if (classes.isEmpty()) {
			return;
		}
		String current = this.context.getEnvironment().getProperty(NEVER_REFRESHABLE,
				"com.zaxxer.hikari.HikariDataSource");
		Set<String> all = new LinkedHashSet<>(StringUtils.commaDelimitedListToSet(current));
		all.addAll(classes);
		this.context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("etcd:never-refreshable",
					Map.of(NEVER_REFRESHABLE, String.join(",", all))));
		this.context.addApplicationListener((ApplicationEvent event) -> {
			if (event instanceof EnvironmentChangeEvent change && change.getSource() == this.context) {
				this.valueObjects.rebind(change.getKeys(), ConfigurationPropertiesBean.getAll(this.context));
			}
		});
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
