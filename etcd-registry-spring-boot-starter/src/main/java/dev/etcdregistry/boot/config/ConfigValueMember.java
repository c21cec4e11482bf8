package dev.etcdregistry.boot.config;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.springframework.core.MethodParameter;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * A field or one-argument method annotated with {@code @EtcdConfigValue}: what type it takes
 * and how to hand it a value.
 */
abstract sealed class ConfigValueMember permits ConfigValueMember.FieldMember, ConfigValueMember.MethodMember {

	/** The type a value is converted to. */
	abstract TypeDescriptor type();

	/** Hands the converted value to the member of {@code bean}. */
	abstract void set(Object bean, Object value);

	/** {@code Class.member} for messages. */
	abstract String describe();

	/** Whether a field member is declared {@code volatile} (methods count as safe). */
	abstract boolean isVolatile();

	static ConfigValueMember of(Field field) {
		int modifiers = field.getModifiers();
		if (Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers)) {
			throw new IllegalStateException("@EtcdConfigValue is not supported on static or final field "
					+ FieldMember.describe(field) + "; make it an instance field that is not final (and volatile)");
		}
		return new FieldMember(field);
	}

	static ConfigValueMember of(Method method) {
		if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 1) {
			throw new IllegalStateException("@EtcdConfigValue method " + MethodMember.describe(method)
					+ " must be an instance method with exactly one parameter, which receives each value");
		}
		return new MethodMember(method);
	}

	static final class FieldMember extends ConfigValueMember {

		private final Field field;

		private final VarHandle handle;

		private final TypeDescriptor type;

		FieldMember(Field field) {
			this.field = field;
			this.type = new TypeDescriptor(field);
			try {
				this.handle = MethodHandles.privateLookupIn(field.getDeclaringClass(), MethodHandles.lookup())
					.unreflectVarHandle(field);
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException("Cannot write field " + describe() + " for @EtcdConfigValue: "
						+ ex.getMessage() + "; open its package to dev.etcdregistry", ex);
			}
		}

		@Override
		TypeDescriptor type() {
			return this.type;
		}

		@Override
		void set(Object bean, Object value) {
			// volatile write: a reader of a volatile field sees the whole new value at once
			this.handle.setVolatile(bean, value);
		}

		@Override
		String describe() {
			return describe(this.field);
		}

		@Override
		boolean isVolatile() {
			return Modifier.isVolatile(this.field.getModifiers());
		}

		static String describe(Field field) {
			return ClassUtils.getShortName(field.getDeclaringClass()) + "." + field.getName();
		}

	}

	static final class MethodMember extends ConfigValueMember {

		private final Method method;

		private final TypeDescriptor type;

		MethodMember(Method method) {
			this.method = method;
			this.type = new TypeDescriptor(new MethodParameter(method, 0));
			ReflectionUtils.makeAccessible(method);
		}

		@Override
		TypeDescriptor type() {
			return this.type;
		}

		@Override
		void set(Object bean, Object value) {
			try {
				this.method.invoke(bean, value);
			}
			catch (InvocationTargetException ex) {
				ReflectionUtils.rethrowRuntimeException(ex.getTargetException());
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException("Cannot call " + describe(), ex);
			}
		}

		@Override
		String describe() {
			return describe(this.method);
		}

		@Override
		boolean isVolatile() {
			return true;
		}

		static String describe(Method method) {
			return ClassUtils.getShortName(method.getDeclaringClass()) + "." + method.getName() + "("
					+ String.join(", ", java.util.Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
						.toList()) + ")";
		}

	}

}
