package dev.etcdregistry.boot.connection;

import java.util.List;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;

/**
 * The default {@link EtcdConnectionDetails}: {@code etcd.endpoints}, {@code etcd.username},
 * {@code etcd.password} or {@code etcd.password-file}, and the SSL bundle named by
 * {@code etcd.ssl.bundle}. The {@code etcd.tls.*} files are not an {@link SslBundle}:
 * {@link EtcdSettingsFactory} reads them from the properties when no bundle is named.
 */
final class PropertiesEtcdConnectionDetails implements EtcdConnectionDetails {

	private final EtcdProperties properties;

	private final SslBundles sslBundles;

	/** @param sslBundles Boot's bundles, or {@code null} when SSL auto-configuration is off */
	PropertiesEtcdConnectionDetails(EtcdProperties properties, SslBundles sslBundles) {
		this.properties = properties;
		this.sslBundles = sslBundles;
	}

	@Override
	public List<String> getEndpoints() {
		return this.properties.getEndpoints();
	}

	@Override
	public String getUsername() {
		return this.properties.getUsername();
	}

	@Override
	public String getPassword() {
		return EtcdSettingsFactory.password(this.properties);
	}

	@Override
	public SslBundle getSslBundle() {
		String name = bundleName();
		if (name == null) {
			return null;
		}
		EtcdProperties.Tls tls = this.properties.getTls();
		// etcd.tls.authority is no file and still applies: the name expected in etcd's certificate
		if (tls.getCaFile() != null || tls.getCertFile() != null || tls.getKeyFile() != null
				|| tls.getKeyStore() != null || tls.getTrustStore() != null) {
			throw invalid("both etcd.ssl.bundle and etcd.tls.* files are set; keep only one (etcd.ssl.bundle='" + name
					+ "' with spring.ssl.bundle.*, or the etcd.tls.* files)");
		}
		if (this.sslBundles == null) {
			throw invalid("etcd.ssl.bundle='" + name + "' is set but there are no SSL bundles (is "
					+ "SslAutoConfiguration excluded?)");
		}
		try {
			return this.sslBundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "etcd.ssl.bundle='" + name + "' names no SSL "
					+ "bundle; define it as spring.ssl.bundle.pem." + name + ".* or spring.ssl.bundle.jks." + name
					+ ".*, or fix the name", ex);
		}
	}

	/** The bundle named by {@code etcd.ssl.bundle}, or {@code null}. */
	String bundleName() {
		String name = this.properties.getSsl().getBundle();
		return (name == null || name.isBlank()) ? null : name.strip();
	}

	SslBundles sslBundles() {
		return this.sslBundles;
	}

	private static EtcdRegistryException invalid(String message) {
		return new EtcdRegistryException(Reason.INVALID_ARGUMENT, message);
	}

}
