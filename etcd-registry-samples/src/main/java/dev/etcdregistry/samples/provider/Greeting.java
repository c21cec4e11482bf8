package dev.etcdregistry.samples.provider;

/**
 * What {@code GET /hello} returns.
 *
 * @param instanceId the registered instance that answered
 * @param port its port
 * @param message the greeting
 */
public record Greeting(String instanceId, int port, String message) {
}
