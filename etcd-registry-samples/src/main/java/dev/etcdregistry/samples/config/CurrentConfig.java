package dev.etcdregistry.samples.config;

/**
 * What {@code GET /config} returns.
 *
 * @param greeting {@code /features/greeting}
 * @param newCheckout {@code /features/new-checkout}
 * @param discountPercent {@code shop.discount-percent}
 * @param banner {@code shop.banner}
 */
public record CurrentConfig(String greeting, boolean newCheckout, int discountPercent, String banner) {
}
