package dev.etcdregistry.client;

import java.time.Duration;

/**
 * A change in the health of one of the library's watches (a discovery cache, a config watch,
 * an {@code @EtcdConfigValue} key): it lost etcd, got it back, or had to read everything
 * again. Operators use these to see what happened during an outage; the values of the keys
 * are never part of the event.
 *
 * @param type what happened
 * @param target what is watched, for example {@code prefix '/services/'}
 * @param revision the revision the watch is at (after a re-read: the revision of the read)
 * @param differences for {@link Type#RESYNCED}, how many keys differed after the re-read
 * @param downtime for {@link Type#RESUMED} and {@link Type#RESYNCED}, how long the watch had
 * been interrupted ({@link Duration#ZERO} when it had not been)
 * @param detail why, in words (never a value)
 */
public record WatchStatusEvent(Type type, String target, long revision, int differences, Duration downtime,
		String detail) {

	/** What happened to the watch. */
	public enum Type {

		/** The watch lost its stream (etcd unreachable, leader lost); it resumes on its own. */
		INTERRUPTED,

		/** The watch got its stream back and continues from the revision it had reached. */
		RESUMED,

		/**
		 * The watch could not continue where it was (history compacted, etcd wiped or restored,
		 * stream ended) and read everything again; listeners were told about the real differences.
		 * After an outage that outlived etcd's history this comes right after {@link #RESUMED}
		 * (the stream came back, then etcd said the revision it asked for is gone).
		 */
		RESYNCED

	}

}
