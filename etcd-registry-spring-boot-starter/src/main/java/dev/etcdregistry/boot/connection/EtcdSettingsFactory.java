package dev.etcdregistry.boot.connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.context.properties.bind.Binder;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.client.TlsSettings;

/**
 * Turns {@link EtcdProperties} into {@link EtcdSettings}: the one translation used by both the
 * {@code EtcdSettings} bean and {@code spring.config.import=etcd:}, so that the import connects
 * exactly as the application does (credentials, password file, TLS).
 */
public final class EtcdSettingsFactory {

	private EtcdSettingsFactory() {
	}

	/**
	 * The settings of a connection made before the context exists ({@code spring.config.import=etcd:},
	 * the early connection), from the properties alone: {@code etcd.ssl.bundle} is refused here.
	 * @param properties the bound {@code etcd.*} properties
	 * @return the settings
	 * @throws EtcdRegistryException {@link Reason#INVALID_ARGUMENT} naming the property to fix
	 */
	public static EtcdSettings create(EtcdProperties properties) {
		String bundle = properties.getSsl().getBundle();
		if (bundle != null && !bundle.isBlank()) {
			throw invalid("etcd.ssl.bundle='" + bundle.strip() + "' needs the bundle's properties; use "
					+ "create(properties, binder)");
		}
		EtcdSettings.Builder builder = builder(properties).endpoints(properties.getEndpoints())
			.username(properties.getUsername())
			.password(password(properties));
		tls(properties, builder);
		return builder.build();
	}

	/**
	 * The settings of {@code spring.config.import=etcd:}: as the application's connection from
	 * the properties, with an {@code etcd.ssl.bundle} built from its {@code spring.ssl.bundle.*}
	 * properties (bundles don't exist yet as beans; the import's connection is not reloaded).
	 * @param properties the bound {@code etcd.*} properties
	 * @param binder the environment's binder, for {@code spring.ssl.bundle.*}
	 * @return the settings
	 * @throws EtcdRegistryException {@link Reason#INVALID_ARGUMENT} naming the property to fix
	 */
	public static EtcdSettings create(EtcdProperties properties, Binder binder) {
		String bundle = properties.getSsl().getBundle();
		if (bundle == null || bundle.isBlank()) {
			return create(properties);
		}
		PropertiesEtcdConnectionDetails details = new PropertiesEtcdConnectionDetails(properties,
				EarlySslBundles.of(binder, bundle.strip()));
		TlsSettings tls = new ReloadingSslBundleContext(details.bundleName(), details.getSslBundle())
			.tlsSettings(properties.getTls().getAuthority());
		return create(properties, details, tls);
	}

	/**
	 * The settings of the application's connection: endpoints and credentials from the details,
	 * namespace and timeouts from the properties; TLS from the details' SSL bundle, else
	 * {@code etcd.tls.*} when the details are the properties' own.
	 * @param properties the bound {@code etcd.*} properties
	 * @param details where etcd is and how to log in
	 * @param bundleTls the TLS of the details' SSL bundle ({@link ReloadingSslBundleContext}), or
	 * {@code null} when they name none
	 * @return the settings
	 * @throws EtcdRegistryException {@link Reason#INVALID_ARGUMENT} naming the property to fix
	 */
	static EtcdSettings create(EtcdProperties properties, EtcdConnectionDetails details, TlsSettings bundleTls) {
		EtcdSettings.Builder builder = builder(properties).endpoints(details.getEndpoints())
			.username(details.getUsername())
			.password(details.getPassword());
		if (bundleTls != null) {
			if (details.getEndpoints().stream().anyMatch((e) -> e.contains("http://"))) {
				throw invalid("an SSL bundle is given for etcd (etcd.ssl.bundle) but the endpoints use http://; "
						+ "write them as https://host:2379");
			}
			builder.tls(bundleTls);
		}
		else if (details instanceof PropertiesEtcdConnectionDetails own && own.bundleName() == null) {
			tls(properties, builder);
		}
		return builder.build();
	}

	private static EtcdSettings.Builder builder(EtcdProperties properties) {
		return EtcdSettings.builder()
			.namespace(properties.getNamespace())
			.connectTimeout(properties.getConnectTimeout())
			.requestTimeout(properties.getRequestTimeout());
	}

	private static void tls(EtcdProperties properties, EtcdSettings.Builder builder) {
		EtcdProperties.Tls tls = properties.getTls();
		if (tls.isConfigured()) {
			builder.tls(TlsSettings.builder()
				.caFile(path(tls.getCaFile()))
				.certFile(path(tls.getCertFile()))
				.keyFile(path(tls.getKeyFile()))
				.keyPassword(tls.getKeyPassword())
				.keyStore(path(tls.getKeyStore()))
				.keyStorePassword(tls.getKeyStorePassword())
				.keyStoreType(tls.getKeyStoreType())
				.trustStore(path(tls.getTrustStore()))
				.trustStorePassword(tls.getTrustStorePassword())
				.trustStoreType(tls.getTrustStoreType())
				.authority(tls.getAuthority())
				.build());
		}
	}

	static String password(EtcdProperties properties) {
		String file = properties.getPasswordFile();
		if (file == null || file.isBlank()) {
			return properties.getPassword();
		}
		if (properties.getPassword() != null && !properties.getPassword().isEmpty()) {
			throw invalid("both etcd.password and etcd.password-file are set; keep only one");
		}
		Path path = Path.of(file.strip());
		try {
			String content = Files.readString(path, StandardCharsets.UTF_8);
			// editors and `echo` end files with a newline that is no part of the password
			if (content.endsWith("\n")) {
				content = content.substring(0, content.length() - 1);
			}
			if (content.endsWith("\r")) {
				content = content.substring(0, content.length() - 1);
			}
			if (content.isEmpty()) {
				throw invalid("etcd.password-file '" + path + "' is empty; put the etcd password in it");
			}
			return content;
		}
		catch (IOException ex) {
			// the exception names the file only, never its content
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "etcd.password-file '" + path
					+ "' could not be read (" + ex.getClass().getSimpleName() + "); check the path and that this "
					+ "process may read it", ex);
		}
	}

	private static Path path(String value) {
		return (value == null || value.isBlank()) ? null : Path.of(value.strip());
	}

	private static EtcdRegistryException invalid(String message) {
		return new EtcdRegistryException(Reason.INVALID_ARGUMENT, message);
	}

}
