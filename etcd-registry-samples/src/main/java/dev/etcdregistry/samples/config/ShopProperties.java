package dev.etcdregistry.samples.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Shop settings imported from etcd ({@code spring.config.import=etcd:}): the key
 * {@code /config/config-sample/shop/discount-percent} is the property
 * {@code shop.discount-percent}; {@code /config/application/shop/banner} is {@code shop.banner}
 * for every application. A JavaBean, so the starter can rebind it in place when a key changes.
 */
@ConfigurationProperties("shop")
public class ShopProperties {

	/** Discount on every order, in percent. */
	private int discountPercent;

	/** Text shown at the top of the shop. */
	private String banner = "Welcome";

	public int getDiscountPercent() {
		return this.discountPercent;
	}

	public void setDiscountPercent(int discountPercent) {
		this.discountPercent = discountPercent;
	}

	public String getBanner() {
		return this.banner;
	}

	public void setBanner(String banner) {
		this.banner = banner;
	}

}
