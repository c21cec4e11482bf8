package dev.etcdregistry.boot.config;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.context.ApplicationListener;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;


/**
 * Injects {@code @Value("${…}")} fields and setter methods of singleton beans again, in place,
 * when an etcd change touches a property they name: the expression is resolved and evaluated
 * again (defaults and SpEL included) and converted the way the first injection was (the bean
 * factory's own dependency resolution). A value that does not convert keeps the old one and logs
 * one warning naming the member and the property, never the value. Prototype and scoped beans
 * are left to their own life cycle.
 */
final class ValuePlaceholderUpdater
		implements DestructionAwareBeanPostProcessor, BeanFactoryAware, ApplicationListener<EtcdConfigChangedEvent> {

	private static final Logger logger = LoggerFactory.getLogger(ValuePlaceholderUpdater.class);

	private final Map<Class<?>, List<ValueInjection.Member>> members = new ConcurrentHashMap<>();

	private final List<ValueInjection> injections = new CopyOnWriteArrayList<>();

	private ConfigurableListableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (!isPlainSingleton(beanName)) {
			return bean;
		}
		for (ValueInjection.Member member : this.members.computeIfAbsent(ClassUtils.getUserClass(bean),
				ValuePlaceholderUpdater::findMembers)) {
			this.injections.add(new ValueInjection(bean, beanName, member));
		}
		return bean;
	}

	private boolean isPlainSingleton(String beanName) {
		if (beanName == null || ScopedProxyUtils.isScopedTarget(beanName)
				|| !this.beanFactory.containsBeanDefinition(beanName)) {
			return false;
		}
		BeanDefinition definition = this.beanFactory.getMergedBeanDefinition(beanName);
		return definition.isSingleton();
	}

	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) {
		this.injections.removeIf((injection) -> injection.bean() == bean);
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		return !this.members.getOrDefault(ClassUtils.getUserClass(bean), List.of()).isEmpty();
	}

	@Override
	public void onApplicationEvent(EtcdConfigChangedEvent event) {
		Set<ConfigurationPropertyName> changed = event.getPropertyNames()
			.stream()
			.map(ValuePlaceholderUpdater::name)
			.filter((name) -> name != null)
			.collect(Collectors.toSet());
		for (ValueInjection injection : this.injections) {
			if (injection.member().uses(changed)) {
				injection.inject(this.beanFactory, logger);
			}
		}
	}

	/** The injections kept current (for tests and diagnostics). */
	int size() {
		return this.injections.size();
	}

	static ConfigurationPropertyName name(String property) {
		return ConfigurationPropertyName.adapt(property, '.');
	}

	private static List<ValueInjection.Member> findMembers(Class<?> type) {
		List<ValueInjection.Member> found = new ArrayList<>();
		ReflectionUtils.doWithFields(type, (Field field) -> {
			Value value = AnnotatedElementUtils.findMergedAnnotation(field, Value.class);
			if (value != null && !Modifier.isStatic(field.getModifiers())) {
				ValueInjection.Member.of(field, value.value()).ifPresent(found::add);
			}
		});
		ReflectionUtils.doWithMethods(type, (Method method) -> {
			Value value = AnnotatedElementUtils.findMergedAnnotation(method, Value.class);
			if (value != null && method.getParameterCount() == 1 && !Modifier.isStatic(method.getModifiers())
					&& !method.isBridge()) {
				ValueInjection.Member.of(method, value.value()).ifPresent(found::add);
			}
		});
		return List.copyOf(found);
	}

}
