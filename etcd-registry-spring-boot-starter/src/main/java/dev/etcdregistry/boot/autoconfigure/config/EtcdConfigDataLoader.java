package dev.etcdregistry.boot.autoconfigure.config;

import java.util.List;

import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;

import dev.etcdregistry.config.ConfigSnapshot;

/**
 * Loads the properties of an {@link EtcdConfigDataResource} from the one snapshot the import
 * reads (every context at the same etcd revision).
 */
public class EtcdConfigDataLoader implements ConfigDataLoader<EtcdConfigDataResource> {

	@Override
	public ConfigData load(ConfigDataLoaderContext context, EtcdConfigDataResource resource) {
		EtcdConfigImport configImport = context.getBootstrapContext().get(EtcdConfigImport.class);
		ConfigSnapshot snapshot = configImport.snapshot(resource.optional());
		if (snapshot == null) {
			return ConfigData.EMPTY;
		}
		EtcdPropertySource source = new EtcdPropertySource("etcd:" + String.join(";", resource.contexts()),
				resource.contexts());
		source.update(snapshot.values());
		configImport.add(source);
		return new ConfigData(List.of(source));
	}

}
