package dev.etcdregistry.boot.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Loads the properties of an {@link EtcdConfigDataResource} from the one snapshot the import
 * reads (every context at the same etcd revision); on a Spring Cloud refresh, the live property
 * source the watch keeps current.
 */
class EtcdConfigDataLoader implements ConfigDataLoader<EtcdConfigDataResource> {

	private static final String START_WITHOUT_ETCD = "etcd:optional-import-without-etcd";

	@Override
	public ConfigData load(ConfigDataLoaderContext context, EtcdConfigDataResource resource) {
		EtcdConfigImport configImport = context.getBootstrapContext().get(EtcdConfigImport.class);
		EtcdPropertySource source = configImport.load(resource);
		List<PropertySource<?>> sources = new ArrayList<>();
		if (source != null) {
			sources.add(source);
		}
		if (configImport.startsWithoutEtcd()) {
			// the connection, registry and discovery read etcd.fail-fast: they must not stop this start
			sources.add(new MapPropertySource(START_WITHOUT_ETCD, Map.of("etcd.fail-fast", "false")));
		}
		return sources.isEmpty() ? ConfigData.EMPTY : new ConfigData(sources);
	}

}
