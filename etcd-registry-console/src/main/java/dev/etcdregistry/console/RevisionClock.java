package dev.etcdregistry.console;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

/**
 * When revisions happened, as far as this console saw them: etcd keeps no time with a
 * revision, so the watches and writes here note the time they see each one. Revisions from
 * before the console started stay unknown. Bounded: the oldest are dropped past
 * {@link #CAPACITY}.
 */
@Component
public class RevisionClock {

	static final int CAPACITY = 100_000;

	private final TreeMap<Long, Instant> seen = new TreeMap<>();

	/** Notes that {@code revision} happened now (the first sighting wins). */
	public void saw(long revision) {
		synchronized (this.seen) {
			this.seen.putIfAbsent(revision, Instant.now());
			while (this.seen.size() > CAPACITY) {
				this.seen.pollFirstEntry();
			}
		}
	}

	/** When {@code revision} happened, {@code null} when this console did not see it. */
	public Instant timeOf(long revision) {
		synchronized (this.seen) {
			Map.Entry<Long, Instant> entry = this.seen.ceilingEntry(revision);
			// a later revision seen by a watch bounds the time from above only: show exact sightings
			return (entry != null && entry.getKey() == revision) ? entry.getValue() : null;
		}
	}

}
