package dev.etcdregistry.boot.config;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindingPostProcessor;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Rebinds {@code @ConfigurationProperties} beans after imported properties changed. JavaBean
 * style beans are bound again in place (by Spring Cloud's rebinder when it is in the context);
 * immutable (constructor-bound, record) beans are bound afresh and the new instance replaces the
 * old one in the context ({@link ValueObjectRebinder}). With Spring Cloud Context, the change is
 * then announced the way Spring Cloud's own refresh does it ({@link CloudRefresh}).
 */
final class PropertiesRebinder {

	private static final Logger logger = LoggerFactory.getLogger(PropertiesRebinder.class);

	private static final String CLOUD_EVENT = "org.springframework.cloud.context.environment.EnvironmentChangeEvent";

	private final ConfigurableApplicationContext context;

	private final ValueObjectRebinder valueObjects;

	private final CloudRefresh cloud;

	PropertiesRebinder(ConfigurableApplicationContext context) {
		this(context, true, context);
	}

	/**
	 * @param refreshOnChange whether Spring Cloud's refresh scope is refreshed after a change
	 * @param eventSource the source of the {@code EnvironmentChangeEvent}s published
	 */
	PropertiesRebinder(ConfigurableApplicationContext context, boolean refreshOnChange, Object eventSource) {
		this.context = context;
		this.valueObjects = new ValueObjectRebinder(context);
		this.cloud = ClassUtils.isPresent(CLOUD_EVENT, context.getClassLoader())
				? new CloudRefresh(context, refreshOnChange, eventSource, this.valueObjects) : null;
	}

	/**
	 * Binds every {@code @ConfigurationProperties} type afresh against the Environment as it
	 * is now, without touching the beans: a value that does not convert shows up here, before
	 * a rebind (Spring Cloud's resets a bean whose binding fails) could do harm.
	 * @return what does not bind (the property and target type, never the value), or empty
	 */
	Optional<String> check(Map<String, ConfigurationPropertiesBean> beans) {
		Binder binder = Binder.get(this.context.getEnvironment());
		for (ConfigurationPropertiesBean bean : beans.values()) {
			String prefix = bean.getAnnotation().prefix();
			try {
				Bindable<?> target = bean.asBindTarget();
				// a fresh instance: the bean itself must not see a half-bound state
				binder.bind(prefix, Bindable.of(target.getType())
					.withAnnotations(target.getAnnotations())
					.withBindMethod(target.getBindMethod()));
			}
			catch (BindException ex) {
				return Optional.of("'" + ex.getName() + "' does not bind to " + ex.getTarget().getType()
						+ " of @ConfigurationProperties bean '" + bean.getName() + "'");
			}
			catch (RuntimeException ex) {
				// a type the dry run cannot instantiate: the real rebind reports its own problems
				logger.debug("Dry-run binding of '{}' skipped: {}", bean.getName(), ex.getMessage());
			}
		}
		return Optional.empty();
	}

	/**
	 * The {@code @ConfigurationProperties} beans, found once per change: the lookup scans every
	 * bean definition, so {@link #check} and {@link #rebind} share its result.
	 */
	Map<String, ConfigurationPropertiesBean> beans() {
		return ConfigurationPropertiesBean.getAll(this.context);
	}

	/** Once the context runs: lets Spring Cloud's refresh leave immutable properties to us. */
	void started() {
		if (this.cloud != null) {
			this.cloud.takeOverValueObjects(beans());
		}
	}

	void rebind(Set<String> propertyNames, Map<String, ConfigurationPropertiesBean> beans) {
		this.valueObjects.rebind(propertyNames, beans);
		if (this.cloud != null && this.cloud.rebind(propertyNames, beans)) {
			return;
		}
		ConfigurationPropertiesBindingPostProcessor binder = this.context.getBean(
				ConfigurationPropertiesBindingPostProcessor.BEAN_NAME,
				ConfigurationPropertiesBindingPostProcessor.class);
		beans.forEach((name, bean) -> {
			if (bean.asBindTarget().getBindMethod() == BindMethod.VALUE_OBJECT) {
				return;
			}
			Object target = AopProxyUtils.getSingletonTarget(bean.getInstance());
			try {
				binder.postProcessBeforeInitialization((target != null) ? target : bean.getInstance(), name);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not rebind @ConfigurationProperties bean '{}' after an etcd change: {}", name,
						ex.getMessage());
				logger.debug("Rebinding '{}' failed", name, ex);
			}
		});
		if (this.cloud != null) {
			this.cloud.announce(propertyNames);
		}
	}

}
