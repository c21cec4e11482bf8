package dev.etcdregistry.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.etcdregistry.Subscription;

/**
 * A running watch of a key or prefix, with the values it has seen. Close it to stop the watch.
 */
public interface ConfigWatch extends Subscription {

	/** The current values of the watched keys, as of {@link #revision()}. */
	Map<String, String> values();

	/** The current value of one watched key. */
	Optional<String> value(String key);

	/** The etcd revision the values are at. */
	long revision();

	/**
	 * The id of the etcd cluster the values were read from, to tell later whether a revision
	 * still means the same thing; 0 when unknown (nothing read yet).
	 */
	default long clusterId() {
		return 0;
	}

	/**
	 * One watch over several (of disjoint keys): values merged, the highest revision, closed
	 * together.
	 */
	static ConfigWatch combine(List<ConfigWatch> watches) {
		return new CombinedConfigWatch(watches);
	}

}
