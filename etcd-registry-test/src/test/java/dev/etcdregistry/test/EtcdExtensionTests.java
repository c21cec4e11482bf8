package dev.etcdregistry.test;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/** Extension behaviour that needs no etcd: configuration checks and the failure without etcd. */
class EtcdExtensionTests {

	@Test
	void builderRejectsUnsupportedClusterSizes() {
		assertThatIllegalArgumentException().isThrownBy(() -> EtcdExtension.builder().nodes(5))
			.withMessageContaining("1 or 3 nodes");
	}

	@Test
	void clusterIsNotAvailableOutsideATestClass() {
		assertThatIllegalStateException().isThrownBy(() -> EtcdExtension.builder().build().cluster())
			.withMessageContaining("static @RegisterExtension field");
	}

	@Test
	void testClassFailsInsteadOfBeingSkippedWhenEtcdIsMissing() {
		var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(WithoutEtcdSample.class)).execute();

		results.containerEvents().assertThatEvents()
			.haveExactly(1, event(container(WithoutEtcdSample.class),
					finishedWithFailure(message((text) -> text.contains("No etcd found")
							&& text.contains("brew install etcd")))));
		assertThat(results.testEvents().skipped().count()).isZero();
		assertThat(results.containerEvents().skipped().count()).isZero();
		assertThat(results.containerEvents().aborted().count()).isZero();
	}

	/** Run only through the testkit above; its name keeps Surefire and Failsafe from picking it up. */
	static class WithoutEtcdSample {

		private static final Map<String, String> ENVIRONMENT = Map.of("PATH", "/nowhere");

		@RegisterExtension
		static final EtcdExtension ETCD = EtcdExtension.builder()
			.locator(new EtcdBinaryLocator((key) -> null, ENVIRONMENT::get, (path) -> false, () -> false))
			.build();

		@Test
		void needsEtcd(EtcdCluster etcd) {
			assertThat(etcd.endpoints()).isNotEmpty();
		}
	}
}
