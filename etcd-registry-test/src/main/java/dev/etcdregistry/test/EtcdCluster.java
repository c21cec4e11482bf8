package dev.etcdregistry.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real etcd cluster of one or three nodes for tests, on free loopback ports with temporary
 * data directories.
 *
 * <pre>{@code
 * try (EtcdCluster etcd = EtcdCluster.builder().nodes(3).auth(true).build().start();
 *      Client client = etcd.newClient()) {
 *     client.getKVClient().put(key, value).get(5, SECONDS);
 *     etcd.node(0).kill();
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops every process the cluster started and deletes its directories; a
 * JVM shutdown hook kills whatever a test run leaves behind. Nothing else is ever killed.
 *
 * <p>Longer than our usual class because it is the kit's one public entry point: its public
 * {@link Builder} and its accessors with their contracts are most of it; launching, wiping,
 * probing members and setting up auth live in package-private helpers.
 *
 * @see EtcdTest
 * @see EtcdExtension
 */
public final class EtcdCluster implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EtcdCluster.class);

	private final Settings settings;

	private final List<EtcdNode> nodes = new ArrayList<>();

	private Path baseDir;

	private volatile TestCertificates certificates;

	private volatile HttpClient healthClient;

	private volatile String runtime;

	private boolean started;

	private boolean closed;

	private EtcdCluster(Settings settings) {
		this.settings = settings;
	}

	/**
	 * Starts configuring a cluster: one node without auth unless told otherwise.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Starts every node and waits until all are healthy, then enables auth when asked to.
	 * Does nothing when already started.
	 * @return this cluster
	 * @throws IllegalStateException when etcd can't be found or doesn't start (the message
	 * quotes the end of the node's log), or when the cluster was closed
	 */
	public synchronized EtcdCluster start() {
		if (this.closed) {
			throw new IllegalStateException("This EtcdCluster was closed; build a new one");
		}
		if (this.started) {
			return this;
		}
		EtcdRuntime runtime = this.settings.locator().locate(this.settings.binary());
		this.runtime = runtime.describe();
		try {
			this.baseDir = Files.createTempDirectory("etcd-test-");
			ProcessReaper.register(this.baseDir);
			if (this.settings.tls()) {
				this.certificates = TestCertificates.generate(Files.createDirectory(this.baseDir.resolve("certs")));
			}
			this.nodes.addAll(runtime.launch(this, this.baseDir, this.settings));
			if (this.settings.auth()) {
				AuthBootstrap.enable(this, endpoints());
			}
			this.started = true;
		}
		catch (IOException ex) {
			close();
			throw new UncheckedIOException("Could not create a temporary directory for etcd", ex);
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
		log.info("Started {}: {} node(s), auth {}, tls {}, at {}; data in {}", this.runtime, this.nodes.size(),
				this.settings.auth() ? "on" : "off", this.settings.tls() ? (this.settings.clientCertAuth() ? "mutual"
						: "on") : "off", endpointsAsString(), this.baseDir);
		return this;
	}

	/**
	 * Throws away the data of every node and starts them again as a brand-new cluster on the same
	 * ports, as after a disaster recovery onto empty machines: every key and lease is gone, the
	 * cluster id is new and revisions start over. With auth, the root user and auth are set up
	 * again with the same password. Waits until every node is healthy. Local process nodes only.
	 * @throws UnsupportedOperationException for container nodes
	 */
	public synchronized void wipe() {
		ProcessClusterLauncher.relaunchEmpty(this.nodes);
		if (this.settings.auth()) {
			AuthBootstrap.enable(this, endpoints());
		}
		log.info("Wiped every node of etcd at {}; it is back as a new cluster with empty data", endpointsAsString());
	}

	/** Stops every node this cluster started and deletes its temporary directories. Idempotent. */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		for (EtcdNode node : this.nodes) {
			try {
				// no graceful stop: the data is deleted next, and a stopping leader of a broken
				// cluster would wait for a leadership transfer
				if (node instanceof ContainerEtcdNode container) {
					container.close();
				}
				else {
					node.kill();
				}
			}
			catch (RuntimeException ex) {
				log.warn("Could not stop etcd node {}: {}", node.name(), ex.getMessage(), ex);
			}
		}
		TempFiles.deleteRecursively(this.baseDir);
		if (this.baseDir != null) {
			ProcessReaper.unregister(this.baseDir);
		}
		log.debug("Closed etcd cluster {}", this.baseDir);
	}

	/**
	 * The client URLs of all nodes.
	 * @return one URL per node in node order, for example {@code http://127.0.0.1:34567}
	 */
	public List<String> endpoints() {
		return nodes().stream().map(EtcdNode::clientEndpoint).toList();
	}

	/**
	 * The client URLs as etcdctl's {@code --endpoints} and most properties take them.
	 * @return the URLs of {@link #endpoints()} separated by commas
	 */
	public String endpointsAsString() {
		return String.join(",", endpoints());
	}

	/**
	 * The nodes of this cluster.
	 * @return the nodes in order, {@code n1} first
	 */
	public synchronized List<EtcdNode> nodes() {
		if (!this.started && this.nodes.isEmpty()) {
			throw new IllegalStateException("The etcd cluster is not started; call start() first");
		}
		return List.copyOf(this.nodes);
	}

	/**
	 * One node of this cluster.
	 * @param index counting from 0: {@code node(0)} is {@code n1}
	 * @return the node
	 */
	public EtcdNode node(int index) {
		List<EtcdNode> all = nodes();
		if (index < 0 || index >= all.size()) {
			throw new IndexOutOfBoundsException("Node index " + index + " is out of range for " + all.size()
					+ " node(s)");
		}
		return all.get(index);
	}

	/**
	 * The node that every running member names as its leader, asked over each member's
	 * {@code /v3/maintenance/status}. Right after a start or a failover the members may not
	 * agree yet: poll, for example {@code await().ignoreExceptions().until(etcd::leader, Objects::nonNull)}.
	 * @return the leader
	 * @throws IllegalStateException when a running member does not answer, has no leader, or
	 * names another leader than the rest
	 */
	public EtcdNode leader() {
		return MemberProbe.leader(nodes(), healthClient());
	}

	/**
	 * The running nodes other than the {@link #leader()}.
	 * @return the followers in node order
	 * @throws IllegalStateException as {@link #leader()} does
	 */
	public List<EtcdNode> followers() {
		EtcdNode leader = leader();
		return nodes().stream().filter((node) -> node != leader && node.isRunning()).toList();
	}

	/**
	 * How many gRPC streams of one method a node serves right now, from its {@code /metrics}.
	 * jetcd spreads calls over all endpoints, each long-lived stream (a watch, the lease
	 * keep-alive) on one of them; this tells a test which node a client's stream lives on.
	 * @param node a node of this cluster
	 * @param grpcMethod {@code "Watch"} or {@code "LeaseKeepAlive"}
	 * @return the number of open streams, or -1 when the node does not answer
	 */
	public long openStreams(EtcdNode node, String grpcMethod) {
		return MemberProbe.openStreams(node.clientEndpoint(), healthClient(), grpcMethod);
	}

	/**
	 * Whether etcd authentication is on; clients then need {@link #rootUser()} and
	 * {@link #rootPassword()}.
	 * @return {@code true} when auth is on
	 */
	public boolean authEnabled() {
		return this.settings.auth();
	}

	/**
	 * The user with every permission when auth is on.
	 * @return {@code root}
	 */
	public String rootUser() {
		return AuthBootstrap.ROOT;
	}

	/**
	 * The root user's password.
	 * @return the password, random unless set with {@link Builder#rootPassword(String)}
	 */
	public String rootPassword() {
		return this.settings.rootPassword();
	}

	/**
	 * Whether clients must use TLS ({@code https://} endpoints).
	 * @return {@code true} when built with {@link Builder#tls(boolean)}
	 */
	public boolean tlsEnabled() {
		return this.settings.tls();
	}

	/**
	 * Whether etcd demands a client certificate signed by the test CA.
	 * @return {@code true} when built with {@link Builder#clientCertAuth(boolean)}
	 */
	public boolean clientCertAuthEnabled() {
		return this.settings.clientCertAuth();
	}

	/**
	 * The certificates of a TLS cluster, made when it started.
	 * @return the CA, server and client certificates
	 * @throws IllegalStateException when TLS is off or the cluster is not started
	 */
	public TestCertificates certificates() {
		TestCertificates certs = this.certificates;
		if (certs == null) {
			throw new IllegalStateException("This etcd cluster has no certificates: build it with tls(true) and "
					+ "start it first");
		}
		return certs;
	}

	/**
	 * Creates a jetcd client on all endpoints, authenticated as root when auth is on, over TLS
	 * (trusting the test CA, presenting the client certificate) when TLS is on.
	 * @return a new client that the caller closes
	 */
	public Client newClient() {
		return clientOn(endpoints());
	}

	Client clientOn(List<String> endpoints) {
		ClientBuilder builder = clientBuilder(endpoints);
		if (authEnabled()) {
			builder.user(AuthBootstrap.bytes(rootUser())).password(AuthBootstrap.bytes(rootPassword()));
		}
		return builder.build();
	}

	/** A builder on the endpoints, with TLS when it is on but without credentials. */
	ClientBuilder clientBuilder(List<String> endpoints) {
		ClientBuilder builder = Client.builder();
		if (tlsEnabled()) {
			// set before endpoints(): jetcd puts the authority into the target it builds from them
			builder.sslContext(TlsClients.netty(certificates())).authority("127.0.0.1");
		}
		return builder.endpoints(endpoints.toArray(String[]::new));
	}

	/** The client of the {@code /health} probe. */
	HttpClient healthClient() {
		if (!tlsEnabled()) {
			return Readiness.HTTP;
		}
		HttpClient client = this.healthClient;
		if (client == null) {
			client = TlsClients.http(certificates());
			this.healthClient = client;
		}
		return client;
	}

	/** The scheme of client URLs. */
	String scheme() {
		return tlsEnabled() ? "https" : "http";
	}

	/** The etcd flags that turn on TLS for clients; empty when TLS is off. */
	List<String> serverTlsArgs() {
		return tlsEnabled() ? certificates().serverArgs(clientCertAuthEnabled()) : List.of();
	}

	@Override
	public String toString() {
		return "EtcdCluster" + (this.nodes.isEmpty() ? "[not started]" : this.nodes.stream()
			.map(EtcdNode::clientEndpoint).toList());
	}

	/** What a cluster is built from; the two seams at the end exist for tests of this module. */
	record Settings(int nodes, boolean auth, String rootPassword, Path binary, List<String> extraArgs,
			EtcdBinaryLocator locator, PortAllocator ports, boolean tls, boolean clientCertAuth) {
	}

	/** Configures an {@link EtcdCluster}; {@link #build()} can be called repeatedly for independent clusters. */
	public static final class Builder {

		private static final SecureRandom RANDOM = new SecureRandom();

		private int nodes = 1;

		private boolean auth;

		private String rootPassword;

		private Path binary;

		private List<String> extraArgs = List.of();

		private EtcdBinaryLocator locator;

		private PortAllocator ports = PortAllocator.loopback();

		private boolean tls;

		private boolean clientCertAuth;

		private Builder() {
		}

		/**
		 * Sets the number of members. A 3-node cluster survives the loss of one node.
		 * @param nodes 1 (default) or 3
		 * @return this builder
		 * @throws IllegalArgumentException for any other number
		 */
		public Builder nodes(int nodes) {
			if (nodes != 1 && nodes != 3) {
				throw new IllegalArgumentException("An etcd test cluster has 1 or 3 nodes, not " + nodes
						+ ": use 1 for plain tests and 3 to test failover (an even size adds no fault tolerance)");
			}
			this.nodes = nodes;
			return this;
		}

		/**
		 * Sets whether to enable authentication with a {@code root} user.
		 * @param auth {@code true} to enable auth (default {@code false})
		 * @return this builder
		 */
		public Builder auth(boolean auth) {
			this.auth = auth;
			return this;
		}

		/**
		 * Sets the root password used when auth is on.
		 * @param rootPassword a non-empty password (default: random)
		 * @return this builder
		 */
		public Builder rootPassword(String rootPassword) {
			if (rootPassword == null || rootPassword.isEmpty()) {
				throw new IllegalArgumentException("The root password must not be empty");
			}
			this.rootPassword = rootPassword;
			return this;
		}

		/**
		 * Sets the etcd binary to run instead of looking for one (see {@link EtcdTest} for the
		 * search order).
		 * @param binary an executable etcd server binary
		 * @return this builder
		 */
		public Builder binary(Path binary) {
			this.binary = Objects.requireNonNull(binary, "binary");
			return this;
		}

		/**
		 * Sets extra etcd flags for every node; they come last on the command line and so win
		 * over the defaults.
		 * @param extraArgs flags such as {@code --auth-token-ttl=2}
		 * @return this builder
		 */
		public Builder extraArgs(String... extraArgs) {
			this.extraArgs = List.of(Objects.requireNonNull(extraArgs, "extraArgs"));
			return this;
		}

		/**
		 * Sets whether clients talk to etcd over TLS ({@code https://} endpoints). The cluster
		 * makes a CA and certificates for it when it starts; see {@link EtcdCluster#certificates()}.
		 * Needs {@code openssl} and a local etcd binary.
		 * @param tls {@code true} for TLS (default {@code false})
		 * @return this builder
		 */
		public Builder tls(boolean tls) {
			this.tls = tls;
			return this;
		}

		/**
		 * Sets whether etcd demands a client certificate signed by the test CA (mutual TLS);
		 * implies {@link #tls(boolean) tls(true)} when {@code true}.
		 * @param clientCertAuth {@code true} for mutual TLS (default {@code false})
		 * @return this builder
		 */
		public Builder clientCertAuth(boolean clientCertAuth) {
			this.clientCertAuth = clientCertAuth;
			this.tls |= clientCertAuth;
			return this;
		}

		Builder locator(EtcdBinaryLocator locator) {
			this.locator = locator;
			return this;
		}

		Builder ports(PortAllocator ports) {
			this.ports = Objects.requireNonNull(ports, "ports");
			return this;
		}

		Builder copy() {
			Builder copy = new Builder();
			copy.nodes = this.nodes;
			copy.auth = this.auth;
			copy.rootPassword = this.rootPassword;
			copy.binary = this.binary;
			copy.extraArgs = this.extraArgs;
			copy.locator = this.locator;
			copy.ports = this.ports;
			copy.tls = this.tls;
			copy.clientCertAuth = this.clientCertAuth;
			return copy;
		}

		/**
		 * Creates a cluster from the current settings.
		 * @return a new cluster, not yet started
		 */
		public EtcdCluster build() {
			String password = (this.rootPassword != null) ? this.rootPassword : randomPassword();
			EtcdBinaryLocator resolvedLocator = (this.locator != null) ? this.locator : EtcdBinaryLocator.standard();
			return new EtcdCluster(new Settings(this.nodes, this.auth, password, this.binary, this.extraArgs,
					resolvedLocator, this.ports, this.tls, this.clientCertAuth));
		}

		private static String randomPassword() {
			byte[] bytes = new byte[18];
			RANDOM.nextBytes(bytes);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}
	}
}
