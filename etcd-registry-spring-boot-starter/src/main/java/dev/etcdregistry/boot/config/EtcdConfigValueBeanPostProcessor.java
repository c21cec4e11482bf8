package dev.etcdregistry.boot.config;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

import dev.etcdregistry.boot.annotation.EtcdConfigValue;

/**
 * Finds {@link EtcdConfigValue @EtcdConfigValue} fields and methods and binds them, before the
 * bean's init callbacks run, through the {@link EtcdConfigValues} bean (looked up lazily, so
 * that this post-processor does not pull the etcd connection into the early bean phase).
 */
class EtcdConfigValueBeanPostProcessor implements DestructionAwareBeanPostProcessor, BeanFactoryAware, Ordered {

	private record Annotated(ConfigValueMember member, EtcdConfigValue annotation) {
	}

	private final Map<Class<?>, List<Annotated>> cache = new ConcurrentHashMap<>();

	private ConfigurableBeanFactory beanFactory;

	private volatile EtcdConfigValues values;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableBeanFactory) beanFactory;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		List<Annotated> members = members(ClassUtils.getUserClass(bean));
		if (members.isEmpty()) {
			return bean;
		}
		EtcdConfigValues registry = values();
		for (Annotated annotated : members) {
			EtcdConfigValue annotation = annotated.annotation();
			String key = this.beanFactory.resolveEmbeddedValue(annotation.key());
			if (!StringUtils.hasText(key)) {
				throw new IllegalStateException("@EtcdConfigValue on " + annotated.member().describe()
						+ " names no key; set it, as in @EtcdConfigValue(\"/config/my-app/limit\")");
			}
			String defaultValue = EtcdConfigValue.NO_DEFAULT.equals(annotation.defaultValue()) ? null
					: this.beanFactory.resolveEmbeddedValue(annotation.defaultValue());
			registry.bind(bean, annotated.member(), key, defaultValue, annotation.required());
		}
		return bean;
	}

	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) {
		EtcdConfigValues registry = this.values;
		if (registry != null) {
			registry.unbind(bean);
		}
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		return !members(ClassUtils.getUserClass(bean)).isEmpty();
	}

	private EtcdConfigValues values() {
		EtcdConfigValues registry = this.values;
		if (registry == null) {
			registry = this.beanFactory.getBean(EtcdConfigValues.class);
			this.values = registry;
		}
		return registry;
	}

	private List<Annotated> members(Class<?> type) {
		return this.cache.computeIfAbsent(type, EtcdConfigValueBeanPostProcessor::findMembers);
	}

	private static List<Annotated> findMembers(Class<?> type) {
		List<Annotated> found = new ArrayList<>();
		ReflectionUtils.doWithFields(type, (Field field) -> {
			EtcdConfigValue annotation = AnnotatedElementUtils.findMergedAnnotation(field, EtcdConfigValue.class);
			if (annotation != null) {
				found.add(new Annotated(ConfigValueMember.of(field), annotation));
			}
		});
		ReflectionUtils.doWithMethods(type, (Method method) -> {
			EtcdConfigValue annotation = AnnotatedElementUtils.findMergedAnnotation(method, EtcdConfigValue.class);
			if (annotation != null && !method.isBridge() && method.getDeclaringClass() == ClassUtils
				.getMostSpecificMethod(method, type).getDeclaringClass()) {
				found.add(new Annotated(ConfigValueMember.of(method), annotation));
			}
		});
		return List.copyOf(found);
	}

}
