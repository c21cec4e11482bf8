package dev.etcdregistry.test;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * One etcd member of an {@link EtcdCluster}, controllable for fault tests.
 *
 * <p>A node keeps its name, ports and data directory for its whole life, so its
 * {@link #clientEndpoint()} stays valid across {@link #stop()}, {@link #kill()} and
 * {@link #start()}. All methods block until the node reached the described state.
 */
public interface EtcdNode {

	/**
	 * The member name.
	 * @return {@code n1}, {@code n2} or {@code n3}
	 */
	String name();

	/**
	 * The URL clients reach this node on.
	 * @return for example {@code http://127.0.0.1:34567}
	 */
	String clientEndpoint();

	/**
	 * The URL other members reach this one on.
	 * @return for example {@code http://127.0.0.1:34568}
	 */
	String peerUrl();

	/**
	 * Whether the node's process (or container) is running; says nothing about its health.
	 * @return {@code true} while it runs
	 */
	boolean isRunning();

	/**
	 * Probes the node once: {@code GET /health} must answer {@code "health":"true"}, which etcd
	 * does once the member has a leader and serves requests.
	 * @return {@code true} when the node is healthy right now
	 */
	boolean isHealthy();

	/** Stops the node gracefully (SIGTERM) and waits until it exited. Does nothing when it is not running. */
	void stop();

	/** Kills the node like a crash would ({@code kill -9}) and waits until it is gone. */
	void kill();

	/**
	 * Starts the node again with the same name, ports and data, and waits until it is healthy
	 * (about 30 s at most, then fails with the tail of its log). Does nothing when it is running.
	 *
	 * <p>A member of a three-node cluster can only become healthy while a quorum (two members)
	 * runs. To bring back a cluster whose quorum is gone, use {@link #startNoWait()} on each
	 * node and then wait for {@link #isHealthy()}.
	 */
	void start();

	/**
	 * Starts the node like {@link #start()} but returns as soon as its process listens on the
	 * client port, without waiting for a quorum. Fails when the process exits instead.
	 */
	void startNoWait();

	/**
	 * Freezes the node's process ({@code SIGSTOP}, {@code docker pause} for a container): its
	 * sockets stay open and the kernel still accepts connections on them, but nothing answers,
	 * as with a member stuck in a long GC pause, a frozen VM or a full disk. Other members elect
	 * a new leader when this one led. {@link #resume()} lets it go on; {@link #stop()},
	 * {@link #kill()} and closing the cluster work on a paused node too.
	 * @throws IllegalStateException when the node is not running
	 */
	void pause();

	/**
	 * Lets a {@linkplain #pause() paused} node go on ({@code SIGCONT}); it catches up with the
	 * others by itself. Returns at once, without waiting for it to be healthy. Does nothing when
	 * the node is not paused.
	 */
	void resume();

	/** {@link #stop()} followed by {@link #start()}. */
	void restart();

	/**
	 * Throws away the node's data and brings it back empty, as a replaced machine would come back.
	 *
	 * <p>In a one-node cluster this starts a brand-new cluster on the same ports: every key is
	 * gone and revisions start over; when the cluster has auth enabled, the root user and auth
	 * are set up again with the same password. In a three-node cluster the member is removed
	 * from the cluster, added again under the same peer URL and started empty; it then catches
	 * up from the other members. Waits until the node is healthy.
	 */
	void wipe();

	/**
	 * The operating-system process id of the node.
	 * @return the pid while the node runs as a local process; empty when it is stopped or in a container
	 */
	OptionalLong pid();

	/**
	 * The node's data directory ({@code --data-dir}).
	 * @return a directory below the cluster's temporary directory; for a container node, the path inside
	 * the container
	 */
	Path dataDir();

	/**
	 * The file that receives the node's stdout and stderr; restarts append to it. It is deleted
	 * with the cluster.
	 * @return the log file
	 */
	Path logFile();
}
