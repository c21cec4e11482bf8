package dev.etcdregistry.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Registers this application as an instance of a service in etcd, under
 * {@code <namespace>/services/<name>/<instanceId>}, attached to the application's one lease.
 * Put it on the {@code @SpringBootApplication} class or on any {@code @Configuration} class.
 *
 * <p>A web application registers as soon as its web server listens, with the server's real
 * port (also for {@code server.port=0}); an application without a web server registers when
 * it is ready, with {@link #port()} (or {@code etcd.registry.port}). On shutdown the instance
 * is deregistered before the web server stops taking requests, so peers stop calling it
 * first.
 *
 * <p>Every attribute has an {@code etcd.registry.*} property. <b>A property that is set wins
 * over the annotation</b>: the annotation holds the code's defaults and the environment
 * overrides them (metadata is merged, properties winning per key). Setting
 * {@code etcd.registry.register=on} (or {@code true}) registers without the annotation;
 * {@code off} (or {@code false}) switches the annotation off (as does Spring Cloud's
 * {@code spring.cloud.service-registry.auto-registration.enabled=false}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RegisterService {

	/**
	 * The service name; empty means {@code etcd.registry.service-name}, then
	 * {@code spring.application.name}.
	 * @return the service name, e.g. {@code orders}
	 */
	String name() default "";

	/**
	 * Metadata stored with the instance, each entry {@code key=value} (the first {@code =}
	 * splits), e.g. {@code {"zone=eu-1", "version=2"}}.
	 * @return the metadata entries
	 */
	String[] metadata() default {};

	/**
	 * A fixed port peers connect to; {@code 0} means the web server's real port. Required for
	 * an application without a web server (or {@code etcd.registry.port}).
	 * @return the port, or 0
	 */
	int port() default 0;

	/**
	 * The instance id; empty means {@code <service>-<host>-<port>-<random>}, unique and fixed
	 * for the life of the process.
	 * @return the instance id, or empty
	 */
	String instanceId() default "";

}
