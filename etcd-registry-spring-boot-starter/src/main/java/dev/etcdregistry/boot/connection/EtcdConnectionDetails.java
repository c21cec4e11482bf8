package dev.etcdregistry.boot.connection;

import java.util.List;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Where the application's etcd is and how to log in to it, as Spring Boot's
 * {@link ConnectionDetails} for other services. By default it comes from the {@code etcd.*}
 * properties ({@code etcd.endpoints}, {@code etcd.username}, {@code etcd.password} or
 * {@code etcd.password-file}, {@code etcd.ssl.bundle}); define a bean of this type to supply it
 * another way (a test container, a secrets store): the bean then wins and those properties,
 * {@code etcd.tls.*} included, are not read for the application's connection. The namespace and
 * the timeouts stay properties: they are how this application uses etcd, not where etcd is.
 *
 * <p>What a bean does not govern: {@code spring.config.import=etcd:} connects while the
 * Environment is being prepared, before any bean exists, so the import always connects with the
 * {@code etcd.*} properties (an {@code etcd.ssl.bundle} read from its {@code spring.ssl.bundle.*}
 * properties). Give both the same
 * etcd when you use the import and a bean of this type.
 */
public interface EtcdConnectionDetails extends ConnectionDetails {

	/**
	 * The client URLs of the etcd members.
	 * @return at least one URL like {@code https://10.0.0.1:2379}
	 */
	List<String> getEndpoints();

	/**
	 * The etcd user.
	 * @return the user, or {@code null} when etcd runs without authentication
	 */
	default String getUsername() {
		return null;
	}

	/**
	 * The etcd password; never logged.
	 * @return the password, or {@code null}
	 */
	default String getPassword() {
		return null;
	}

	/**
	 * How to speak TLS to etcd: trust material and, for etcd's {@code --client-cert-auth}, the
	 * client certificate.
	 * @return the bundle, or {@code null} for plain text (or, with {@code https://} endpoints, the
	 * JVM's default trust store and no client certificate)
	 */
	default SslBundle getSslBundle() {
		return null;
	}

}
