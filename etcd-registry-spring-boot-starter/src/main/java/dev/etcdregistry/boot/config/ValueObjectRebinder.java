package dev.etcdregistry.boot.config;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.BindMethod;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ReflectionUtils;

/**
 * Rebinds immutable (constructor-bound, record) {@code @ConfigurationProperties} singletons: they
 * cannot change in place, so a new instance is bound and replaces the old one in the bean
 * factory. Beans that already hold the old instance keep it; {@code @RefreshScope} beans rebuilt
 * after the change, {@code ObjectProvider} and {@code getBean} lookups get the new one. (Spring
 * Cloud's rebinder cannot reset such a bean and logs a warning with a stack trace instead.)
 */
final class ValueObjectRebinder {

	private static final Logger logger = LoggerFactory.getLogger(ValueObjectRebinder.class);

	/** The registry's own way to put a singleton; it has no public "replace". */
	private static final Method ADD_SINGLETON = ReflectionUtils.findMethod(DefaultSingletonBeanRegistry.class,
			"addSingleton", String.class, Object.class);

	/** Unlike destroySingleton, leaves the beans that depend on it alone. */
	private static final Method REMOVE_SINGLETON = ReflectionUtils.findMethod(DefaultSingletonBeanRegistry.class,
			"removeSingleton", String.class);

	static {
		ReflectionUtils.makeAccessible(ADD_SINGLETON);
		ReflectionUtils.makeAccessible(REMOVE_SINGLETON);
	}

	private final ConfigurableApplicationContext context;

	ValueObjectRebinder(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static boolean isValueObject(ConfigurationPropertiesBean bean) {
		return bean.asBindTarget().getBindMethod() == BindMethod.VALUE_OBJECT;
	}

	void rebind(Set<String> propertyNames, Map<String, ConfigurationPropertiesBean> beans) {
		ConfigurableListableBeanFactory factory = this.context.getBeanFactory();
		if (!(factory instanceof DefaultSingletonBeanRegistry)) {
			return;
		}
		beans.forEach((name, bean) -> {
			if (!isValueObject(bean) || !affects(bean.getAnnotation().prefix(), propertyNames)
					|| !factory.containsBeanDefinition(name) || AopUtils.isAopProxy(bean.getInstance())) {
				return;
			}
			BeanDefinition definition = factory.getBeanDefinition(name);
			if (!definition.isSingleton()) {
				return;
			}
			try {
				Bindable<?> target = bean.asBindTarget();
				Object fresh = Binder.get(this.context.getEnvironment())
					.bindOrCreate(bean.getAnnotation().prefix(), Bindable.of(target.getType())
						.withAnnotations(target.getAnnotations())
						.withBindMethod(BindMethod.VALUE_OBJECT));
				synchronized (((DefaultSingletonBeanRegistry) factory).getSingletonMutex()) {
					ReflectionUtils.invokeMethod(REMOVE_SINGLETON, factory, name);
					ReflectionUtils.invokeMethod(ADD_SINGLETON, factory, name, fresh);
				}
				logger.debug("Rebound immutable @ConfigurationProperties bean '{}'", name);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not rebind immutable @ConfigurationProperties bean '{}' after an etcd change: {}",
						name, ex.getMessage());
				logger.debug("Rebinding '{}' failed", name, ex);
			}
		});
	}

	private static boolean affects(String prefix, Set<String> propertyNames) {
		ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
		for (String name : propertyNames) {
			ConfigurationPropertyName changed = ConfigurationPropertyName.adapt(name, '.');
			if (root.equals(changed) || root.isAncestorOf(changed)) {
				return true;
			}
		}
		return false;
	}

}
