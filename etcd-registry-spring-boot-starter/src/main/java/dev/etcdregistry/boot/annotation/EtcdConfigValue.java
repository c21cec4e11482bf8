package dev.etcdregistry.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Binds a field or a one-argument method of a Spring bean to an etcd key and keeps it
 * current: the value is applied before the bean's init callbacks and again, in place, on
 * every change of the key (no restart, no refresh scope).
 *
 * <p>The value is converted to the field's (or the parameter's) type with the application's
 * conversion service ({@code String}, numbers, booleans, {@code Duration} such as
 * {@code 10s}, enums, comma-separated lists, ...); a JSON object or array, or a type the
 * conversion service cannot produce, is read with Jackson. A value that cannot be converted
 * is rejected: the member keeps its current value, one warning names the key, the value
 * (masked when the key looks sensitive) and the type, and an
 * {@link dev.etcdregistry.boot.config.EtcdConfigValueRejectedEvent} is
 * published.
 *
 * <p>Fields are written with volatile semantics; declare them {@code volatile} so that
 * readers on other threads see each new value too (a warning at startup says so otherwise).
 * Final and static members are not supported. A method receives each new value: use it as a
 * change callback.
 *
 * <pre>{@code
 * @EtcdConfigValue(key = "/config/orders/limit", defaultValue = "100")
 * private volatile int limit;
 *
 * @EtcdConfigValue("/config/orders/timeout")
 * void timeoutChanged(Duration timeout) { ... }
 * }</pre>
 */
@Target({ ElementType.FIELD, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface EtcdConfigValue {

	/** Marks {@link #defaultValue()} as not set. */
	String NO_DEFAULT = "\n\t\t\n\t\t\n\uE000\uE001\uE002\n\t\t\t\t\n";

	/**
	 * Alias for {@link #key()}.
	 * @return the etcd key
	 */
	@AliasFor("key")
	String value() default "";

	/**
	 * The etcd key, below the connection's namespace, e.g. {@code /config/orders/limit}.
	 * Placeholders such as {@code ${spring.application.name}} are resolved.
	 * @return the etcd key
	 */
	@AliasFor("value")
	String key() default "";

	/**
	 * The value to apply when the key does not exist at startup and when it is deleted.
	 * Without a default, a missing key leaves the member as initialized and a deletion keeps
	 * the last value.
	 * @return the default, as text converted like an etcd value
	 */
	String defaultValue() default NO_DEFAULT;

	/**
	 * Whether startup fails when the key does not exist and no default is given.
	 * @return {@code true} to require the key
	 */
	boolean required() default false;

}
