package dev.etcdregistry.boot.autoconfigure.config;

import java.util.List;

import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;

/**
 * Loads the properties of an {@link EtcdConfigDataResource} from the one snapshot the import
 * reads (every context at the same etcd revision); on a Spring Cloud refresh, the live property
 * source the watch keeps current.
 */
public class EtcdConfigDataLoader implements ConfigDataLoader<EtcdConfigDataResource> {

	@Override
	public ConfigData load(ConfigDataLoaderContext context, EtcdConfigDataResource resource) {
		EtcdConfigImport configImport = context.getBootstrapContext().get(EtcdConfigImport.class);
		EtcdPropertySource source = configImport.load(resource);
		return (source != null) ? new ConfigData(List.of(source)) : ConfigData.EMPTY;
	}

}
