package dev.etcdregistry.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real etcd: one {@link EtcdCluster} is started before the class's first
 * test and closed after its last one, also when tests fail. {@code @Nested} classes use the
 * enclosing class's cluster. Declare an {@link EtcdCluster} parameter on the test constructor,
 * a {@code @BeforeAll}, {@code @BeforeEach} or test method to get it.
 *
 * <pre>{@code
 * @EtcdTest(nodes = 3, auth = true)
 * class FailoverIntegrationTests {
 *
 *     @Test
 *     void survivesLeaderLoss(EtcdCluster etcd) { ... }
 * }
 * }</pre>
 *
 * <p>etcd is looked up in this order: {@code -Detcd.binary=...}, the {@code ETCD_BINARY}
 * environment variable, {@code etcd} on the {@code PATH}, {@code /usr/bin/etcd},
 * {@code /usr/local/bin/etcd}, {@code /opt/homebrew/bin/etcd}; without any of these a Docker
 * engine (through Testcontainers) runs a single node. When nothing is found, the test class
 * fails with a message that says how to install etcd; it is never skipped.
 *
 * @see EtcdExtension for a programmatic configuration
 */
@Target({ ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EtcdExtension.class)
public @interface EtcdTest {

	/**
	 * The number of nodes.
	 * @return 1 or 3
	 */
	int nodes() default 1;

	/**
	 * Whether to enable authentication with a {@code root} user and a random password.
	 * @return {@code true} to enable auth
	 */
	boolean auth() default false;

	/**
	 * Extra etcd flags for every node; they win over the defaults.
	 * @return flags such as {@code --auth-token-ttl=2}
	 */
	String[] extraArgs() default {};

	/**
	 * Whether clients talk to etcd over TLS, with certificates made at start (see
	 * {@link EtcdCluster#certificates()}).
	 * @return {@code true} for https endpoints
	 */
	boolean tls() default false;

	/**
	 * Whether etcd demands a client certificate (mutual TLS); implies {@link #tls()}.
	 * @return {@code true} for mutual TLS
	 */
	boolean clientCertAuth() default false;
}
