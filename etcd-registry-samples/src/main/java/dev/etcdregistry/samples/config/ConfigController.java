package dev.etcdregistry.samples.config;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /config}: the current values, read at each request. */
@RestController
class ConfigController {

	private final FeatureSettings features;

	private final ShopProperties shop;

	ConfigController(FeatureSettings features, ShopProperties shop) {
		this.features = features;
		this.shop = shop;
	}

	@GetMapping("/config")
	CurrentConfig config() {
		return new CurrentConfig(this.features.greeting(), this.features.newCheckout(),
				this.shop.getDiscountPercent(), this.shop.getBanner());
	}

}
