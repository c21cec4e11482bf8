package dev.etcdregistry.samples.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.etcdregistry.boot.annotation.EtcdConfigValue;

/**
 * Two single etcd keys bound to fields: a greeting with a default (applied while the key is
 * missing and again when it is deleted) and a feature flag without one (a deletion keeps the
 * last value). The method is called with each new value of the flag, as a change callback.
 */
@Component
public class FeatureSettings {

	private static final Logger logger = LoggerFactory.getLogger(FeatureSettings.class);

	@EtcdConfigValue(key = "/features/greeting", defaultValue = "Hello")
	private volatile String greeting;

	@EtcdConfigValue("/features/new-checkout")
	private volatile boolean newCheckout;

	public String greeting() {
		return this.greeting;
	}

	public boolean newCheckout() {
		return this.newCheckout;
	}

	@EtcdConfigValue("/features/new-checkout")
	void newCheckoutChanged(boolean enabled) {
		logger.info("Feature new-checkout is now {}", enabled ? "on" : "off");
	}

}
