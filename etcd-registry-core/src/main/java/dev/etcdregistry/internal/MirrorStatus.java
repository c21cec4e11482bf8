package dev.etcdregistry.internal;

import java.time.Duration;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.etcdregistry.Subscription;
import dev.etcdregistry.client.WatchActivity;
import dev.etcdregistry.client.WatchStatusEvent;
import dev.etcdregistry.client.WatchStatusEvent.Type;

/**
 * How a {@link KeyMirror}'s watch is doing, reported to the connection's
 * {@link WatchActivity}: one {@code INTERRUPTED} per outage (however often jetcd retries), one
 * {@code RESUMED} when the stream answers again, one {@code RESYNCED} per re-read, and the
 * number of changes applied.
 */
final class MirrorStatus {

	private static final Logger logger = LoggerFactory.getLogger(KeyMirror.class);

	private final WatchActivity activity;

	private final String target;

	/** {@link System#nanoTime()} when the watch lost its stream, 0 while it has it. */
	private volatile long interruptedSince;

	private volatile Subscription tracking = () -> {
	};

	MirrorStatus(WatchActivity activity, String target) {
		this.activity = activity;
		this.target = target;
	}

	void track(IntSupplier cachedKeys) {
		this.tracking = this.activity.track(cachedKeys);
	}

	void untrack() {
		this.tracking.close();
	}

	/** The stream failed; the mirror watches again from {@code revision + 1}. */
	void interrupted(long revision, Throwable error) {
		if (this.interruptedSince != 0) {
			logger.debug("Watch on {} still interrupted", this.target, error);
			return;
		}
		this.interruptedSince = Math.max(1, System.nanoTime());
		logger.warn("Watch on {} interrupted ({}); it resumes from revision {} when etcd answers", this.target,
				error.getMessage(), revision + 1);
		logger.debug("Watch failure on {}", this.target, error);
		this.activity.publish(new WatchStatusEvent(Type.INTERRUPTED, this.target, revision, 0, Duration.ZERO,
				String.valueOf(error.getMessage())));
	}

	/** The watch answered; ends an interruption if there was one. Called on the mirror's serial thread. */
	void answered(long revision) {
		Duration downtime = takeDowntime();
		if (!downtime.isZero()) {
			logger.info("Watch on {} resumed at revision {} after {} ms", this.target, revision, downtime.toMillis());
			this.activity.publish(new WatchStatusEvent(Type.RESUMED, this.target, revision, 0, downtime,
					"stream back"));
		}
	}

	void applied(int changes) {
		this.activity.applied(changes);
	}

	/** The mirror read everything again at {@code revision}; {@code differences} keys differed. */
	void resynced(long revision, int differences, String cause) {
		this.activity.applied(differences);
		this.activity.publish(new WatchStatusEvent(Type.RESYNCED, this.target, revision, differences,
				takeDowntime(), cause));
	}

	private Duration takeDowntime() {
		long since = this.interruptedSince;
		if (since == 0) {
			return Duration.ZERO;
		}
		this.interruptedSince = 0;
		return Duration.ofNanos(Math.max(1, System.nanoTime() - since));
	}

}
