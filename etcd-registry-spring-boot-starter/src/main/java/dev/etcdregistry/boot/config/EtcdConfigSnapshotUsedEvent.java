package dev.etcdregistry.boot.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.springframework.context.ApplicationEvent;

/**
 * Published once when the application started from the local config snapshot
 * ({@code etcd.config.snapshot.*}) because etcd was unreachable and {@code etcd.fail-fast}
 * was false: its config may be as old as the snapshot until etcd answers again. Listen to it
 * to raise an alert or mark the instance degraded.
 */
public class EtcdConfigSnapshotUsedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final transient Path path;

	private final long revision;

	private final Instant writtenAt;

	/**
	 * Creates the event.
	 * @param source the application context
	 * @param path the snapshot file
	 * @param revision the etcd revision the snapshot reflects
	 * @param writtenAt when the snapshot was written
	 */
	public EtcdConfigSnapshotUsedEvent(Object source, Path path, long revision, Instant writtenAt) {
		super(source);
		this.path = path;
		this.revision = revision;
		this.writtenAt = writtenAt;
	}

	/** The snapshot file. */
	public Path getPath() {
		return this.path;
	}

	/** The etcd revision the snapshot reflects. */
	public long getRevision() {
		return this.revision;
	}

	/** When the snapshot was written. */
	public Instant getWrittenAt() {
		return this.writtenAt;
	}

	/** How old the snapshot was when the application started from it. */
	public Duration getAge() {
		return Duration.between(this.writtenAt, Instant.ofEpochMilli(getTimestamp()));
	}

	@Override
	public String toString() {
		return "EtcdConfigSnapshotUsedEvent{path=" + this.path + ", revision=" + this.revision + ", writtenAt="
				+ this.writtenAt + "}";
	}

}
