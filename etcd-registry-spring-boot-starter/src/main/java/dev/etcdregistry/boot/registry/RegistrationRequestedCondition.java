package dev.etcdregistry.boot.registry;

import java.util.Locale;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.ConfigurationCondition;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.etcdregistry.boot.annotation.RegisterService;
import dev.etcdregistry.boot.registry.EtcdRegistryProperties.Register;

/**
 * Whether the application registers itself. {@code etcd.registry.register} {@code on} or
 * {@code off} decides (so {@code off} switches a {@link RegisterService} off, e.g. in tests);
 * with {@code auto}, the default,
 * {@code spring.cloud.service-registry.auto-registration.enabled=false} switches it off as it
 * does for every Spring Cloud registry; otherwise a bean class annotated with
 * {@link RegisterService} switches it on.
 */
class RegistrationRequestedCondition extends SpringBootCondition implements ConfigurationCondition {

	private static final String REGISTER = "etcd.registry.register";

	private static final String CLOUD_AUTO_REGISTRATION = "spring.cloud.service-registry.auto-registration.enabled";

	@Override
	public ConfigurationPhase getConfigurationPhase() {
		return ConfigurationPhase.REGISTER_BEAN;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("etcd service registration");
		Environment environment = context.getEnvironment();
		// the Binder reads true and false as on and off, as the properties bean does
		Register register = Binder.get(environment).bind(REGISTER, Register.class).orElse(Register.AUTO);
		if (register != Register.AUTO) {
			return new ConditionOutcome(register == Register.ON,
					message.because(REGISTER + " is " + register.name().toLowerCase(Locale.ROOT)));
		}
		if (!environment.getProperty(CLOUD_AUTO_REGISTRATION, Boolean.class, true)) {
			return ConditionOutcome.noMatch(message.because(CLOUD_AUTO_REGISTRATION + " is false"));
		}
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		String[] annotated = (beanFactory != null) ? beanFactory.getBeanNamesForAnnotation(RegisterService.class)
				: new String[0];
		return (annotated.length > 0)
				? ConditionOutcome.match(message.found("@RegisterService bean").items((Object[]) annotated))
				: ConditionOutcome.noMatch(message.didNotFind("@RegisterService bean").atAll());
	}

}
