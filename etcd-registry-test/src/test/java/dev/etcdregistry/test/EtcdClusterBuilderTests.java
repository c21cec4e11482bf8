package dev.etcdregistry.test;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The builder's argument checks and the failure without etcd; no etcd is started here. */
class EtcdClusterBuilderTests {

	@Test
	void acceptsOneOrThreeNodesOnly() {
		assertThatIllegalArgumentException().isThrownBy(() -> EtcdCluster.builder().nodes(2))
			.withMessageContaining("1 or 3 nodes, not 2");
		assertThatIllegalArgumentException().isThrownBy(() -> EtcdCluster.builder().nodes(0))
			.withMessageContaining("not 0");
		assertThat(EtcdCluster.builder().nodes(3).nodes(1).build()).isNotNull();
	}

	@Test
	void rejectsEmptyRootPassword() {
		assertThatIllegalArgumentException().isThrownBy(() -> EtcdCluster.builder().rootPassword(""))
			.withMessageContaining("root password");
	}

	@Test
	void generatesADifferentRootPasswordPerCluster() {
		EtcdCluster.Builder builder = EtcdCluster.builder().auth(true);

		assertThat(builder.build().rootPassword()).isNotBlank().isNotEqualTo(builder.build().rootPassword());
		assertThat(builder.rootPassword("s3cret").build().rootPassword()).isEqualTo("s3cret");
		assertThat(builder.build().rootUser()).isEqualTo("root");
	}

	@Test
	void endpointsAreNotAvailableBeforeStart() {
		EtcdCluster cluster = EtcdCluster.builder().build();

		assertThatIllegalStateException().isThrownBy(cluster::endpoints).withMessageContaining("start()");
	}

	@Test
	void startFailsWhenEtcdCannotBeFoundAndCloseStaysSafe() {
		Map<String, String> environment = Map.of("PATH", "/nowhere");
		EtcdBinaryLocator nothingInstalled = new EtcdBinaryLocator((key) -> null, environment::get, (path) -> false,
				() -> false);
		EtcdCluster cluster = EtcdCluster.builder().locator(nothingInstalled).build();

		assertThatIllegalStateException().isThrownBy(cluster::start)
			.withMessageContaining("No etcd found")
			.withMessageContaining("apt-get install etcd-server etcd-client");
		cluster.close();
		cluster.close();
	}
}
