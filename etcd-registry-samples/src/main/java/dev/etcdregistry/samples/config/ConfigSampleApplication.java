package dev.etcdregistry.samples.config;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

import dev.etcdregistry.samples.Samples;

/**
 * The config center: values that live in etcd and change in a running application.
 *
 * <ul>
 * <li>{@link FeatureSettings}: {@code @EtcdConfigValue} fields bound to single keys
 * ({@code /features/greeting}, {@code /features/new-checkout}), updated in place and
 * converted to the field type.</li>
 * <li>{@link ShopProperties}: a {@code @ConfigurationProperties} bean fed by
 * {@code spring.config.import=etcd:} from {@code /config/application/shop/...} and
 * {@code /config/config-sample/shop/...}, rebound when a key changes.</li>
 * <li>{@code GET /config} shows their current values.</li>
 * </ul>
 *
 * Run it with {@code etcdctl put /config/config-sample/shop/discount-percent 15} in another
 * terminal and watch {@code curl localhost:8081/config} follow.
 */
@SpringBootApplication
@EnableConfigurationProperties(ShopProperties.class)
public class ConfigSampleApplication {

	public static void main(String[] args) {
		Samples.application(ConfigSampleApplication.class, "config-sample").run(args);
	}

}
