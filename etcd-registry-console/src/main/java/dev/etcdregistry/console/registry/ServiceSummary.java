package dev.etcdregistry.console.registry;

/**
 * One service on the registry page.
 *
 * @param name the service name
 * @param instances how many instance keys it has
 * @param unreadable how many of them hold no valid instance JSON
 */
record ServiceSummary(String name, int instances, int unreadable) {
}
