package dev.etcdregistry.test;

import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit Jupiter extension that runs one {@link EtcdCluster} per test class and injects it into
 * {@link EtcdCluster} parameters. Use it through {@link EtcdTest}, or register it in a static
 * field to configure it in code and reach the cluster from field initialisers or helpers:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EtcdExtension ETCD = EtcdExtension.builder().nodes(3).auth(true).build();
 *
 * @Test
 * void test() {
 *     try (Client client = ETCD.cluster().newClient()) { ... }
 * }
 * }</pre>
 *
 * <p>The cluster lives in the class's {@link ExtensionContext.Store}, so JUnit closes it after
 * the class even when tests or other callbacks fail; {@code @Nested} classes find and reuse it.
 */
public final class EtcdExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

	private static final Namespace NAMESPACE = Namespace.create(EtcdExtension.class);

	private static final String KEY = "cluster";

	/** Builds the cluster; {@code null} when the configuration comes from {@link EtcdTest}. */
	private final Supplier<EtcdCluster> configured;

	private volatile EtcdCluster cluster;

	/** Used by {@link EtcdTest}: the configuration comes from the annotation. */
	public EtcdExtension() {
		this(null);
	}

	private EtcdExtension(Supplier<EtcdCluster> configured) {
		this.configured = configured;
	}

	/**
	 * Starts configuring an extension for {@code @RegisterExtension}.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The running cluster of the current test class.
	 * @return the cluster
	 * @throws IllegalStateException before the class's {@code @BeforeAll} phase
	 */
	public EtcdCluster cluster() {
		EtcdCluster current = this.cluster;
		if (current == null) {
			throw new IllegalStateException("No etcd cluster yet: cluster() works once the test class has started"
					+ " (from @BeforeAll on), and only for an EtcdExtension in a static @RegisterExtension field");
		}
		return current;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		obtain(context);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		Owned owned = context.getStore(NAMESPACE).get(KEY, Owned.class);
		if (owned != null && owned.ownerId().equals(context.getUniqueId())) {
			context.getStore(NAMESPACE).remove(KEY, Owned.class);
			owned.close();
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == EtcdCluster.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return obtain(extensionContext);
	}

	/**
	 * The cluster of this context or an enclosing one; started here when there is none yet,
	 * which happens for constructor injection of a per-class test instance (created before
	 * {@code @BeforeAll}).
	 */
	private synchronized EtcdCluster obtain(ExtensionContext context) {
		ExtensionContext.Store store = context.getStore(NAMESPACE);
		Owned owned = store.get(KEY, Owned.class);
		if (owned == null) {
			EtcdCluster started = newCluster(context).start();
			owned = new Owned(started, context.getUniqueId());
			// stored before anything else can fail, so that JUnit closes it whatever happens next
			store.put(KEY, owned);
		}
		this.cluster = owned.cluster();
		return owned.cluster();
	}

	private EtcdCluster newCluster(ExtensionContext context) {
		if (this.configured != null) {
			return this.configured.get();
		}
		EtcdTest settings = findAnnotation(context.getTestClass()).orElse(null);
		EtcdCluster.Builder builder = EtcdCluster.builder();
		if (settings != null) {
			builder.nodes(settings.nodes()).auth(settings.auth()).extraArgs(settings.extraArgs()).tls(settings.tls())
				.clientCertAuth(settings.clientCertAuth());
		}
		return builder.build();
	}

	private static Optional<EtcdTest> findAnnotation(Optional<Class<?>> testClass) {
		// an inner (@Nested) class takes its settings from the class it lives in
		Class<?> type = testClass.orElse(null);
		while (type != null) {
			Optional<EtcdTest> found = AnnotationSupport.findAnnotation(type, EtcdTest.class);
			if (found.isPresent()) {
				return found;
			}
			type = Modifier.isStatic(type.getModifiers()) ? null : type.getEnclosingClass();
		}
		return Optional.empty();
	}

	/** A cluster and the context that started it: only that context's end closes it. */
	private record Owned(EtcdCluster cluster, String ownerId) implements AutoCloseable {

		@Override
		public void close() {
			this.cluster.close();
		}
	}

	/** Configures an {@link EtcdExtension}; see {@link EtcdCluster.Builder} for each setting. */
	public static final class Builder {

		private final EtcdCluster.Builder cluster = EtcdCluster.builder();

		private Builder() {
		}

		/**
		 * Sets the number of nodes.
		 * @param nodes 1 (default) or 3
		 * @return this builder
		 */
		public Builder nodes(int nodes) {
			this.cluster.nodes(nodes);
			return this;
		}

		/**
		 * Sets whether to enable authentication with a {@code root} user.
		 * @param auth {@code true} to enable auth (default {@code false})
		 * @return this builder
		 */
		public Builder auth(boolean auth) {
			this.cluster.auth(auth);
			return this;
		}

		/**
		 * Sets the root password used when auth is on.
		 * @param rootPassword a non-empty password (default: random)
		 * @return this builder
		 */
		public Builder rootPassword(String rootPassword) {
			this.cluster.rootPassword(rootPassword);
			return this;
		}

		/**
		 * Sets the etcd binary to run instead of looking for one.
		 * @param binary an executable etcd server binary
		 * @return this builder
		 */
		public Builder binary(Path binary) {
			this.cluster.binary(binary);
			return this;
		}

		/**
		 * Sets extra etcd flags for every node.
		 * @param extraArgs flags such as {@code --auth-token-ttl=2}
		 * @return this builder
		 */
		public Builder extraArgs(String... extraArgs) {
			this.cluster.extraArgs(extraArgs);
			return this;
		}

		/**
		 * Sets whether clients talk to etcd over TLS.
		 * @param tls {@code true} for https endpoints
		 * @return this builder
		 * @see EtcdCluster.Builder#tls(boolean)
		 */
		public Builder tls(boolean tls) {
			this.cluster.tls(tls);
			return this;
		}

		/**
		 * Sets whether etcd demands a client certificate (mutual TLS).
		 * @param clientCertAuth {@code true} for mutual TLS
		 * @return this builder
		 * @see EtcdCluster.Builder#clientCertAuth(boolean)
		 */
		public Builder clientCertAuth(boolean clientCertAuth) {
			this.cluster.clientCertAuth(clientCertAuth);
			return this;
		}

		Builder locator(EtcdBinaryLocator locator) {
			this.cluster.locator(locator);
			return this;
		}

		/**
		 * Creates the extension; later changes to this builder don't affect it.
		 * @return the extension to assign to a static {@code @RegisterExtension} field
		 */
		public EtcdExtension build() {
			EtcdCluster.Builder snapshot = this.cluster.copy();
			return new EtcdExtension(snapshot::build);
		}
	}
}
