package dev.etcdregistry;

/**
 * A handle on something that runs in the background on behalf of the caller (a watch, a
 * listener registration). Closing it stops the delivery of events and releases the etcd
 * resources behind it; closing twice is harmless.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

	/** Stops the subscription. Never throws. */
	@Override
	void close();

}
