package dev.etcdregistry.boot.autoconfigure.config;

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

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.boot.autoconfigure.EtcdProperties;

/**
 * Resolves {@code spring.config.import=etcd:} (and {@code optional:etcd:}) into the key
 * prefixes to read, from {@code etcd.config.*} and {@code spring.application.name}:
 * {@code <prefix>/<default-context>/} and {@code <prefix>/<name>/}, then for each active
 * profile {@code <prefix>/<default-context><separator><profile>/} and
 * {@code <prefix>/<name><separator><profile>/}; a later one wins.
 */
public class EtcdConfigDataLocationResolver implements ConfigDataLocationResolver<EtcdConfigDataResource> {

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
		String rest = location.getNonPrefixedValue(PREFIX).strip();
		if (!rest.isEmpty()) {
			// explicit prefixes and documents are not supported yet: never ignore the text silently
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "spring.config.import=" + location
					+ " is not a location this starter knows: only 'etcd:' (or 'optional:etcd:') is supported, which "
					+ "reads this application's contexts under etcd.config.prefix; remove '" + rest + "'");
		}
		EtcdProperties.Config config = importFor(context).config();
		List<String> names = names(context.getBinder(), config);
		List<String> contexts = new ArrayList<>();
		for (String name : names) {
			contexts.add(contextPath(config, name));
		}
		List<EtcdConfigDataResource> resources = new ArrayList<>();
		resources.add(new EtcdConfigDataResource(contexts, location.isOptional()));
		List<String> profileContexts = new ArrayList<>();
		for (String profile : profiles.getActive()) {
			for (String name : names) {
				profileContexts.add(contextPath(config, name + config.getProfileSeparator() + profile));
			}
		}
		if (!profileContexts.isEmpty()) {
			resources.add(new EtcdConfigDataResource(profileContexts, location.isOptional()));
		}
		EtcdConfigImport configImport = importFor(context);
		resources.forEach((resource) -> configImport.addContexts(resource.contexts()));
		return resources;
	}

	private EtcdConfigImport importFor(ConfigDataLocationResolverContext context) {
		ConfigurableBootstrapContext bootstrap = context.getBootstrapContext();
		if (!bootstrap.isRegistered(EtcdConfigImport.class)) {
			EtcdProperties properties = context.getBinder()
				.bind("etcd", EtcdProperties.class)
				.orElseGet(EtcdProperties::new);
			String applicationName = context.getBinder().bind("spring.application.name", String.class).orElse(null);
			boolean failFastSet = context.getBinder().bind("etcd.fail-fast", Boolean.class).isBound();
			EtcdConfigImport configImport = new EtcdConfigImport(properties, applicationName,
					this.logFactory.getLog(EtcdConfigImport.class), this.logFactory.getLog(LocalConfigSnapshot.class),
					failFastSet);
			bootstrap.register(EtcdConfigImport.class, InstanceSupplier.of(configImport));
			bootstrap.addCloseListener(configImport::onBootstrapClosed);
		}
		return bootstrap.get(EtcdConfigImport.class);
	}

	private static List<String> names(Binder binder, EtcdProperties.Config config) {
		List<String> names = new ArrayList<>();
		names.add(config.getDefaultContext());
		String name = binder.bind("spring.application.name", String.class).orElse("");
		if (!name.isBlank() && !name.equals(config.getDefaultContext())) {
			names.add(name);
		}
		return names;
	}

	private static String contextPath(EtcdProperties.Config config, String name) {
		return EtcdConfigImport.root(config) + name + "/";
	}

}
