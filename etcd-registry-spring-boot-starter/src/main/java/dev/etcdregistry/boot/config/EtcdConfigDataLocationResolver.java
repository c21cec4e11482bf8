package dev.etcdregistry.boot.config;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.context.config.Profiles;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;

import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.boot.connection.EtcdProperties;
import dev.etcdregistry.boot.connection.EtcdSettingsFactory;

/**
 * Resolves {@code spring.config.import=etcd:} (and {@code optional:etcd:}) into the key
 * prefixes to read, from {@code etcd.config.*} and {@code spring.application.name}:
 * {@code <prefix>/<default-context>/} and {@code <prefix>/<name>/}, then for each active
 * profile {@code <prefix>/<default-context><separator><profile>/} and
 * {@code <prefix>/<name><separator><profile>/}; a later one wins. The contexts named in
 * {@code etcd.config.shared-contexts} come between the default context and the application's.
 * {@code etcd:/a/prefix/;/a/document.yaml} reads the keys it names instead.
 */
class EtcdConfigDataLocationResolver implements ConfigDataLocationResolver<EtcdConfigDataResource> {

	/** The location prefix. */
	public static final String PREFIX = "etcd:";

	private final DeferredLogFactory logFactory;

	/**
	 * Creates the resolver; Spring Boot calls this.
	 * @param logFactory logs before the logging system is initialized
	 */
	public EtcdConfigDataLocationResolver(DeferredLogFactory logFactory) {
		this.logFactory = logFactory;
	}

	@Override
	public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
		return location.hasPrefix(PREFIX);
	}

	/**
	 * Nothing before profiles are known: an import given on the command line is resolved before
	 * {@code application.properties} is read, so {@code etcd.*} and
	 * {@code spring.application.name} set there would not be seen yet. Everything is resolved in
	 * {@link #resolveProfileSpecific}, which Spring Boot calls for every import once all files
	 * are read.
	 */
	@Override
	public List<EtcdConfigDataResource> resolve(ConfigDataLocationResolverContext context,
			ConfigDataLocation location) {
		return List.of();
	}

	@Override
	public List<EtcdConfigDataResource> resolveProfileSpecific(ConfigDataLocationResolverContext context,
			ConfigDataLocation location, Profiles profiles) {
		String off = switchedOff(context.getBinder());
		if (off != null) {
			return nothingWhenOff(location, off);
		}
		String rest = location.getNonPrefixedValue(PREFIX).strip();
		EtcdConfigImport configImport = importFor(context);
		List<String> active = List.copyOf(profiles.getActive());
		List<EtcdConfigDataResource> resources = rest.isEmpty()
				? contextResources(context, configImport.config(), active, location.isOptional())
				: List.of(new EtcdConfigDataResource(explicitLocations(location, rest), location.isOptional(), active,
						true));
		resources.forEach((resource) -> configImport.addContexts(resource.contexts(), resource.optional()));
		return resources;
	}

	/**
	 * The switch that turns the import off, {@code etcd.config.enabled=false}, else {@code null}.
	 * {@code etcd.enabled=false} does not: it removes the connection beans, and an application
	 * may still import its config (config-only use).
	 */
	private static String switchedOff(Binder binder) {
		String name = EtcdConfigProperties.PREFIX + ".enabled";
		return binder.bind(name, Boolean.class).orElse(true) ? null : name;
	}

	/**
	 * As Spring Cloud Consul's resolver does with {@code spring.cloud.consul.config.enabled=false},
	 * a switched-off config center does not read: an {@code optional:} import is then empty, a
	 * required one stops the start, since the application said it cannot run without that
	 * config; unlike Consul, the message names the switch and the fixes.
	 */
	private List<EtcdConfigDataResource> nothingWhenOff(ConfigDataLocation location, String off) {
		if (location.isOptional()) {
			this.logFactory.getLog(EtcdConfigDataLocationResolver.class)
				.info("Skipping spring.config.import=" + location + ": " + off + " is false");
			return List.of();
		}
		throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "spring.config.import=" + location + " is set but "
				+ off + " is false: remove the import, import with optional:etcd: to read nothing while the config "
				+ "center is off, or set " + off + "=true");
	}

	/**
	 * The keys named after {@code etcd:}, separated by {@code ;}: a prefix ends with {@code /},
	 * a document key with one of {@link ConfigDocuments#EXTENSIONS}.
	 */
	static List<String> explicitLocations(ConfigDataLocation location, String rest) {
		List<String> keys = new ArrayList<>();
		for (String part : rest.split(";")) {
			String key = part.strip();
			if (key.isEmpty()) {
				continue;
			}
			if (!key.startsWith("/") || !(key.endsWith("/") || ConfigDocuments.isDocument(key))) {
				throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "spring.config.import=" + location
						+ ": '" + key + "' is not a location this starter knows. Accepted: 'etcd:' (this "
						+ "application's contexts under etcd.config.prefix), 'etcd:/a/prefix/' (one property per key "
						+ "below it), 'etcd:/a/document.yaml' (one key holding a .yaml, .yml, .properties or .json "
						+ "document), several joined with ';', each optionally preceded by 'optional:'");
			}
			keys.add(key);
		}
		if (keys.isEmpty()) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "spring.config.import=" + location
					+ " names no key: use 'etcd:' for this application's contexts, or 'etcd:/a/prefix/' or "
					+ "'etcd:/a/document.yaml'");
		}
		return keys;
	}

	private static List<EtcdConfigDataResource> contextResources(ConfigDataLocationResolverContext context,
			EtcdConfigProperties config, List<String> active, boolean optional) {
		List<String> names = names(context.getBinder(), config);
		List<String> contexts = new ArrayList<>();
		contexts.add(contextPath(config, config.getDefaultContext()));
		for (String shared : config.getSharedContexts()) {
			String name = (shared != null) ? shared.strip() : "";
			if (name.isEmpty() || name.contains("/")) {
				throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "etcd.config.shared-contexts contains '"
						+ shared + "': a shared context is a name such as 'common' (read from "
						+ contextPath(config, "common") + "), not empty and without '/'");
			}
			if (!names.contains(name)) {
				contexts.add(contextPath(config, name));
			}
		}
		if (names.size() > 1) {
			contexts.add(contextPath(config, names.get(1)));
		}
		List<EtcdConfigDataResource> resources = new ArrayList<>();
		resources.add(new EtcdConfigDataResource(contexts, optional, active, false));
		List<String> profileContexts = new ArrayList<>();
		for (String profile : active) {
			for (String name : names) {
				profileContexts.add(contextPath(config, name + config.getProfileSeparator() + profile));
			}
		}
		if (!profileContexts.isEmpty()) {
			resources.add(new EtcdConfigDataResource(profileContexts, optional, active, false));
		}
		return resources;
	}

	private EtcdConfigImport importFor(ConfigDataLocationResolverContext context) {
		ConfigurableBootstrapContext bootstrap = context.getBootstrapContext();
		if (!bootstrap.isRegistered(EtcdConfigImport.class)) {
			EtcdProperties properties = context.getBinder()
				.bind("etcd", EtcdProperties.class)
				.orElseGet(EtcdProperties::new);
			EtcdConfigProperties config = context.getBinder()
				.bind(EtcdConfigProperties.PREFIX, EtcdConfigProperties.class)
				.orElseGet(EtcdConfigProperties::new);
			String applicationName = context.getBinder().bind("spring.application.name", String.class).orElse(null);
			boolean failFastSet = context.getBinder().bind("etcd.fail-fast", Boolean.class).isBound();
			Binder binder = context.getBinder();
			EtcdConfigImport configImport = new EtcdConfigImport(properties,
					() -> EtcdSettingsFactory.create(properties, binder), config, applicationName,
					this.logFactory.getLog(EtcdConfigImport.class), this.logFactory.getLog(LocalConfigSnapshot.class),
					failFastSet);
			bootstrap.register(EtcdConfigImport.class, InstanceSupplier.of(configImport));
			bootstrap.addCloseListener(configImport::onBootstrapClosed);
		}
		return bootstrap.get(EtcdConfigImport.class);
	}

	private static List<String> names(Binder binder, EtcdConfigProperties config) {
		List<String> names = new ArrayList<>();
		names.add(config.getDefaultContext());
		String name = binder.bind("spring.application.name", String.class).orElse("");
		if (!name.isBlank() && !name.equals(config.getDefaultContext())) {
			names.add(name);
		}
		return names;
	}

	private static String contextPath(EtcdConfigProperties config, String name) {
		return EtcdConfigImport.root(config) + name + "/";
	}

}
