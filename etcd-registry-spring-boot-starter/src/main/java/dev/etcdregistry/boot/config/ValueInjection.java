package dev.etcdregistry.boot.config;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.MethodParameter;
import org.springframework.util.ReflectionUtils;

/**
 * One {@code @Value} member of one singleton bean, injected again through the bean factory's
 * dependency resolution, the path the first injection took (placeholders, SpEL, conversion).
 */
record ValueInjection(Object bean, String beanName, Member member) {

	void inject(ConfigurableListableBeanFactory beanFactory, Logger logger) {
		Object value;
		try {
			value = beanFactory.resolveDependency(this.member.descriptor(), this.beanName, null,
					beanFactory.getTypeConverter());
		}
		catch (RuntimeException ex) {
			// the exception's message may quote the value (a secret, perhaps): name the problem only
			logger.warn("@Value {} of bean '{}' keeps its value: the new value of {} does not resolve or convert "
					+ "to {} ({})", this.member.describe(), this.beanName, this.member.placeholders(),
					this.member.typeName(), ex.getClass().getSimpleName());
			logger.debug("Re-injecting {} failed", this.member.describe(), ex);
			return;
		}
		try {
			this.member.set(this.bean, value);
		}
		catch (RuntimeException ex) {
			logger.warn("@Value {} of bean '{}' failed on its new value ({})", this.member.describe(), this.beanName,
					ex.toString());
		}
	}

	/** A field or a one-argument method annotated with {@code @Value}, and the properties it names. */
	record Member(Field field, Method method, Set<String> placeholders, Set<ConfigurationPropertyName> names) {

		private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}$]+)");

		static Optional<Member> of(Field field, String expression) {
			return names(expression).map((n) -> new Member(field, null, placeholderNames(expression), n));
		}

		static Optional<Member> of(Method method, String expression) {
			return names(expression).map((n) -> new Member(null, method, placeholderNames(expression), n));
		}

		private static Set<String> placeholderNames(String expression) {
			Set<String> names = new LinkedHashSet<>();
			Matcher matcher = PLACEHOLDER.matcher(expression);
			while (matcher.find()) {
				names.add(matcher.group(1).strip());
			}
			return names;
		}

		private static Optional<Set<ConfigurationPropertyName>> names(String expression) {
			Set<ConfigurationPropertyName> names = new LinkedHashSet<>();
			for (String name : placeholderNames(expression)) {
				ConfigurationPropertyName adapted = ValuePlaceholderUpdater.name(name);
				if (adapted != null && !adapted.isEmpty()) {
					names.add(adapted);
				}
			}
			return names.isEmpty() ? Optional.empty() : Optional.of(Set.copyOf(names));
		}

		boolean uses(Set<ConfigurationPropertyName> changed) {
			return this.names.stream().anyMatch(changed::contains);
		}

		DependencyDescriptor descriptor() {
			return (this.field != null) ? new DependencyDescriptor(this.field, true)
					: new DependencyDescriptor(new MethodParameter(this.method, 0), true);
		}

		void set(Object bean, Object value) {
			if (this.field != null) {
				ReflectionUtils.makeAccessible(this.field);
				ReflectionUtils.setField(this.field, bean, value);
			}
			else {
				ReflectionUtils.makeAccessible(this.method);
				ReflectionUtils.invokeMethod(this.method, bean, value);
			}
		}

		String describe() {
			return (this.field != null) ? this.field.getDeclaringClass().getSimpleName() + "." + this.field.getName()
					: this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName() + "()";
		}

		String typeName() {
			return (this.field != null) ? this.field.getGenericType().getTypeName()
					: this.method.getGenericParameterTypes()[0].getTypeName();
		}

	}

}
