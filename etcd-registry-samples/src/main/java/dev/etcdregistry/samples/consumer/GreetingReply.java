package dev.etcdregistry.samples.consumer;

/**
 * The consumer's view of a {@code greeting-service} answer (its own type: services share a
 * contract, not classes).
 *
 * @param instanceId the instance that answered
 * @param port its port
 * @param message the greeting
 */
public record GreetingReply(String instanceId, int port, String message) {
}
