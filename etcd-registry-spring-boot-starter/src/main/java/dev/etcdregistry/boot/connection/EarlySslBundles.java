package dev.etcdregistry.boot.connection;

import org.springframework.boot.autoconfigure.ssl.JksSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.PemSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.PropertiesSslBundle;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;

/**
 * The SSL bundle named by {@code etcd.ssl.bundle}, built from its {@code spring.ssl.bundle.*}
 * properties for {@code spring.config.import=etcd:}, which connects before the context (and
 * Boot's {@link SslBundles} bean) exists. Boot's own {@link PropertiesSslBundle} reads the files,
 * so the import and the application's connection trust and present the same certificates. The
 * import's connection is short-lived, so this bundle is not reloaded: the application's
 * connection follows reloads.
 */
final class EarlySslBundles {

	private EarlySslBundles() {
	}

	/**
	 * @param binder the environment's binder at import time
	 * @param name the bundle's name
	 * @return a registry holding the bundle when {@code spring.ssl.bundle.pem.<name>} or
	 * {@code .jks.<name>} is bound, else an empty one (the lookup then fails naming the property)
	 */
	static SslBundles of(Binder binder, String name) {
		DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
		binder.bind("spring.ssl.bundle.pem[" + name + "]", PemSslBundleProperties.class)
			.ifBound((pem) -> registry.registerBundle(name, PropertiesSslBundle.get(pem)));
		binder.bind("spring.ssl.bundle.jks[" + name + "]", JksSslBundleProperties.class)
			.ifBound((jks) -> registry.registerBundle(name, PropertiesSslBundle.get(jks)));
		return registry;
	}

}
