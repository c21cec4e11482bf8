package dev.etcdregistry.test;

import java.util.ArrayList;
import java.util.List;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import static dev.etcdregistry.test.EtcdTestSupport.put;
import static dev.etcdregistry.test.EtcdTestSupport.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * {@link EtcdTest} and {@link EtcdExtension} as a test class sees them: injection everywhere,
 * one cluster per class shared with nested classes, and nothing left running after a class,
 * including classes that fail (run through the JUnit Platform test kit).
 */
@EtcdTest
class EtcdExtensionIntegrationTests {

	private static EtcdCluster fromBeforeAll;

	private final EtcdCluster fromConstructor;

	private EtcdCluster fromBeforeEach;

	EtcdExtensionIntegrationTests(EtcdCluster etcd) {
		this.fromConstructor = etcd;
	}

	@BeforeAll
	static void rememberCluster(EtcdCluster etcd) {
		fromBeforeAll = etcd;
	}

	@BeforeEach
	void rememberClusterPerTest(EtcdCluster etcd) {
		this.fromBeforeEach = etcd;
	}

	@Test
	void injectsOneRunningClusterEverywhere(EtcdCluster etcd) throws Exception {
		assertThat(etcd).isSameAs(fromBeforeAll).isSameAs(this.fromConstructor).isSameAs(this.fromBeforeEach);
		assertThat(etcd.nodes()).hasSize(1);
		assertThat(etcd.authEnabled()).isFalse();
		try (Client client = etcd.newClient()) {
			put(client, "/extension", "works");
			assertThat(value(client, "/extension")).isEqualTo("works");
		}
	}

	@Test
	void closesTheClusterAfterTheClassEvenWhenATestFails() {
		Recorder.reset();

		EngineExecutionResults results = run(FailingTestSample.class);

		results.testEvents().assertStatistics((stats) -> stats.started(2).succeeded(1).failed(1));
		Recorder.assertAllClosed(1);
	}

	@Test
	void closesTheClusterWhenBeforeAllFailsAfterItStarted() {
		Recorder.reset();

		EngineExecutionResults results = run(FailingBeforeAllSample.class);

		results.containerEvents().assertStatistics((stats) -> stats.failed(1));
		Recorder.assertAllClosed(1);
	}

	@Test
	void programmaticRegistrationConfiguresTheClusterAndExposesIt() {
		Recorder.reset();

		EngineExecutionResults results = run(ProgrammaticSample.class);

		results.testEvents().assertStatistics((stats) -> stats.started(1).succeeded(1));
		Recorder.assertAllClosed(3);
	}

	@Test
	void perClassTestInstanceGetsTheClusterInItsConstructor() {
		Recorder.reset();

		EngineExecutionResults results = run(PerClassSample.class);

		results.testEvents().assertStatistics((stats) -> stats.started(2).succeeded(2));
		Recorder.assertAllClosed(1);
	}

	private static EngineExecutionResults run(Class<?> testClass) {
		return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute();
	}

	@Nested
	class WhenNested {

		@Test
		void reusesTheEnclosingClassCluster(EtcdCluster etcd) {
			assertThat(etcd).isSameAs(fromBeforeAll);
			assertThat(etcd.node(0).isHealthy()).isTrue();
		}
	}

	/** What the sample classes saw, checked after the test kit ran them. */
	static final class Recorder {

		static final List<EtcdCluster> clusters = new ArrayList<>();

		static final List<Long> pids = new ArrayList<>();

		static void record(EtcdCluster etcd) {
			if (!clusters.contains(etcd)) {
				clusters.add(etcd);
				etcd.nodes().forEach((node) -> pids.add(node.pid().orElseThrow()));
			}
		}

		static void reset() {
			clusters.clear();
			pids.clear();
		}

		static void assertAllClosed(int expectedNodes) {
			assertThat(clusters).hasSize(1);
			assertThat(pids).hasSize(expectedNodes).noneMatch(EtcdTestSupport::isAlive);
			assertThat(clusters.get(0).endpoints()).noneMatch(EtcdTestSupport::acceptsConnections);
		}
	}

	// The samples below run only through the test kit; their names keep Surefire and Failsafe away.

	@EtcdTest
	static class FailingTestSample {

		@Test
		void passes(EtcdCluster etcd) {
			Recorder.record(etcd);
		}

		@Test
		void fails(EtcdCluster etcd) {
			Recorder.record(etcd);
			throw new AssertionError("this test fails on purpose");
		}
	}

	@EtcdTest
	static class FailingBeforeAllSample {

		@BeforeAll
		static void breaks(EtcdCluster etcd) {
			Recorder.record(etcd);
			throw new IllegalStateException("this @BeforeAll fails on purpose");
		}

		@Test
		void neverRuns() {
		}
	}

	static class ProgrammaticSample {

		@RegisterExtension
		static final EtcdExtension ETCD = EtcdExtension.builder()
			.nodes(3)
			.auth(true)
			.rootPassword("sample-password")
			.extraArgs("--auth-token-ttl=5")
			.build();

		@Test
		void seesTheConfiguredCluster(EtcdCluster etcd) throws Exception {
			Recorder.record(etcd);
			assertThat(ETCD.cluster()).isSameAs(etcd);
			assertThat(etcd.nodes()).hasSize(3);
			assertThat(etcd.authEnabled()).isTrue();
			assertThat(etcd.rootPassword()).isEqualTo("sample-password");
			try (Client client = etcd.newClient()) {
				put(client, "/programmatic", "yes");
				assertThat(value(client, "/programmatic")).isEqualTo("yes");
			}
		}
	}

	@EtcdTest
	@TestInstance(TestInstance.Lifecycle.PER_CLASS)
	static class PerClassSample {

		private final EtcdCluster etcd;

		PerClassSample(EtcdCluster etcd) {
			this.etcd = etcd;
			Recorder.record(etcd);
		}

		@Test
		void first(EtcdCluster injected) {
			assertThat(injected).isSameAs(this.etcd);
		}

		@Test
		void second(EtcdCluster injected) {
			assertThat(injected).isSameAs(this.etcd);
			assertThat(injected.node(0).isHealthy()).isTrue();
		}
	}
}
