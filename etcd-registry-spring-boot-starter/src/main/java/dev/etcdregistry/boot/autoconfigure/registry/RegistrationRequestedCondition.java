package dev.etcdregistry.boot.autoconfigure.registry;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

import dev.etcdregistry.boot.annotation.RegisterService;

/**
 * Registration is asked for by {@code etcd.registry.register=true} or by a bean class
 * annotated with {@link RegisterService}.
 */
class RegistrationRequestedCondition extends AnyNestedCondition {

	RegistrationRequestedCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnBooleanProperty("etcd.registry.register")
	static class RegisterProperty {

	}

	@ConditionalOnBean(annotation = RegisterService.class)
	static class RegisterServiceAnnotation {

	}

}
