package dev.etcdregistry.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.Test;

import static dev.etcdregistry.test.EtcdTestSupport.acceptsConnections;
import static dev.etcdregistry.test.EtcdTestSupport.bytes;
import static dev.etcdregistry.test.EtcdTestSupport.get;
import static dev.etcdregistry.test.EtcdTestSupport.isAlive;
import static dev.etcdregistry.test.EtcdTestSupport.leader;
import static dev.etcdregistry.test.EtcdTestSupport.localValue;
import static dev.etcdregistry.test.EtcdTestSupport.put;
import static dev.etcdregistry.test.EtcdTestSupport.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** Starts real etcd processes and drives them through the failures the other modules test against. */
class EtcdClusterIntegrationTests {

	private static final Duration FAILOVER = Duration.ofSeconds(30);

	@Test
	void singleNodeServesPutAndGet() throws Exception {
		try (EtcdCluster etcd = EtcdCluster.builder().build().start(); Client client = etcd.newClient()) {
			EtcdNode node = etcd.node(0);
			assertThat(etcd.endpoints()).singleElement().asString().matches("http://127\\.0\\.0\\.1:\\d+");
			assertThat(etcd.endpointsAsString()).isEqualTo(node.clientEndpoint());
			assertThat(node.clientEndpoint()).doesNotEndWith(":2379");
			assertThat(node.pid()).isPresent();
			assertThat(node.dataDir()).isDirectory();
			assertThat(node.logFile()).isRegularFile();
			assertThat(etcd.authEnabled()).isFalse();

			put(client, "/greeting", "hello");

			assertThat(value(client, "/greeting")).isEqualTo("hello");
		}
	}

	@Test
	void authRefusesAnonymousClientsAndAcceptsRoot() throws Exception {
		try (EtcdCluster etcd = EtcdCluster.builder().auth(true).build().start();
				Client root = etcd.newClient();
				Client anonymous = Client.builder().endpoints(etcd.endpoints().toArray(String[]::new)).build()) {
			assertThat(etcd.authEnabled()).isTrue();

			put(root, "/secret", "42");

			assertThat(value(root, "/secret")).isEqualTo("42");
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> get(anonymous, "/secret"))
				.withMessageContaining("user name is empty");
		}
	}

	@Test
	void threeNodeClusterSurvivesLossOfItsLeaderAndTheNodeRejoins() throws Exception {
		try (EtcdCluster etcd = EtcdCluster.builder().nodes(3).build().start(); Client client = etcd.newClient()) {
			assertThat(etcd.endpoints()).hasSize(3).doesNotHaveDuplicates();
			EtcdNode leader = await().ignoreExceptions().until(() -> leader(etcd, client), (node) -> node != null);

			leader.kill();

			assertThat(leader.isRunning()).isFalse();
			assertThat(leader.pid()).isEmpty();
			await().atMost(FAILOVER).ignoreExceptions().until(() -> leader(etcd, client), (node) -> node != leader);
			await().atMost(FAILOVER).ignoreExceptions().until(() -> put(client, "/after-failover", "written") > 0);

			leader.start();

			assertThat(leader.isHealthy()).isTrue();
			try (Client direct = Client.builder().endpoints(leader.clientEndpoint()).build()) {
				await().atMost(FAILOVER).ignoreExceptions()
					.until(() -> localValue(direct, "/after-failover"), "written"::equals);
			}
		}
	}

	@Test
	void wholeThreeNodeClusterComesBackWithItsDataThroughStartNoWait() throws Exception {
		try (EtcdCluster etcd = EtcdCluster.builder().nodes(3).build().start()) {
			try (Client client = etcd.newClient()) {
				put(client, "/durable", "kept");
			}
			etcd.nodes().forEach(EtcdNode::stop);
			assertThat(etcd.nodes()).noneMatch(EtcdNode::isRunning);

			// start() of the first node alone would wait for a quorum that can't exist yet
			etcd.nodes().forEach(EtcdNode::startNoWait);

			await().atMost(FAILOVER).until(() -> etcd.nodes().stream().allMatch(EtcdNode::isHealthy));
			try (Client client = etcd.newClient()) {
				assertThat(value(client, "/durable")).isEqualTo("kept");
			}
		}
	}

	@Test
	void stoppedNodeRefusesClientsAndKeepsItsDataAcrossStart() throws Exception {
		try (EtcdCluster etcd = EtcdCluster.builder().build().start()) {
			EtcdNode node = etcd.node(0);
			String endpoint = node.clientEndpoint();
			try (Client client = etcd.newClient()) {
				put(client, "/durable", "kept");
			}

			node.stop();

			assertThat(node.isRunning()).isFalse();
			assertThat(acceptsConnections(endpoint)).isFalse();

			node.start();

			assertThat(node.clientEndpoint()).isEqualTo(endpoint);
			try (Client client = etcd.newClient()) {
				assertThat(value(client, "/durable")).isEqualTo("kept");
			}
			node.restart();
			try (Client client = etcd.newClient()) {
				assertThat(value(client, "/durable")).isEqualTo("kept");
			}
		}
	}

	@Test
	void wipeOfSingleNodeStartsOverWithAuthRestored() throws Exception {
		try (EtcdCluster etcd = EtcdCluster.builder().auth(true).build().start()) {
			long revisionBefore;
			try (Client client = etcd.newClient()) {
				for (int i = 0; i < 5; i++) {
					put(client, "/before-wipe/" + i, "v");
				}
				revisionBefore = get(client, "/before-wipe/0").getHeader().getRevision();
			}

			etcd.node(0).wipe();

			try (Client client = etcd.newClient();
					Client anonymous = Client.builder().endpoints(etcd.endpointsAsString().split(",")).build()) {
				assertThat(get(client, "/before-wipe/0").getKvs()).isEmpty();
				assertThat(get(client, "/before-wipe/0").getHeader().getRevision()).isLessThan(revisionBefore);
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> get(anonymous, "/x"))
					.withMessageContaining("user name is empty");
			}
		}
	}

	@Test
	void wipeOfThreeNodeMemberRejoinsEmptyAndCatchesUp() throws Exception {
		try (EtcdCluster etcd = EtcdCluster.builder().nodes(3).auth(true).build().start();
				Client client = etcd.newClient()) {
			put(client, "/replicated", "yes");
			EtcdNode member = etcd.node(2);
			long memberIdBefore = memberId(client, member);

			member.wipe();

			assertThat(member.isHealthy()).isTrue();
			assertThat(memberId(client, member)).isNotEqualTo(memberIdBefore);
			assertThat(client.getClusterClient().listMember().get(5, TimeUnit.SECONDS).getMembers()).hasSize(3);
			try (Client direct = Client.builder().endpoints(member.clientEndpoint()).user(bytes("root"))
				.password(bytes(etcd.rootPassword())).build()) {
				await().atMost(FAILOVER).ignoreExceptions().until(() -> localValue(direct, "/replicated"), "yes"::equals);
				put(direct, "/through-wiped-member", "ok");
			}
			assertThat(value(client, "/through-wiped-member")).isEqualTo("ok");
		}
	}

	@Test
	void pausedNodeAcceptsConnectionsButAnswersNothingUntilResumed() throws Exception {
		try (EtcdCluster etcd = EtcdCluster.builder().build().start(); Client client = etcd.newClient()) {
			EtcdNode node = etcd.node(0);
			put(client, "/frozen", "before");

			node.pause();

			assertThat(node.isRunning()).isTrue();
			assertThat(acceptsConnections(node.clientEndpoint())).isTrue();
			assertThat(node.isHealthy()).isFalse();
			assertThatExceptionOfType(java.util.concurrent.TimeoutException.class)
				.isThrownBy(() -> client.getKVClient().get(bytes("/frozen")).get(1, TimeUnit.SECONDS));

			node.resume();

			assertThat(value(client, "/frozen")).isEqualTo("before");
			await().atMost(FAILOVER).until(node::isHealthy);

			// a frozen process must not hold up a stop until the SIGTERM timeout and a SIGKILL
			node.pause();
			node.stop();
			assertThat(node.isRunning()).isFalse();
			assertThatIllegalStateException().isThrownBy(node::pause).withMessageContaining("not running");
			node.resume();
		}
	}

	@Test
	void closeKillsPausedNodes() {
		EtcdCluster etcd = EtcdCluster.builder().build().start();
		long pid = etcd.node(0).pid().orElseThrow();
		etcd.node(0).pause();

		etcd.close();

		assertThat(isAlive(pid)).isFalse();
	}

	@Test
	void closeLeavesNoProcessAndNoOpenPortBehind() {
		EtcdCluster etcd = EtcdCluster.builder().nodes(3).build().start();
		List<Long> pids = etcd.nodes().stream().map((node) -> node.pid().orElseThrow()).toList();
		List<String> endpoints = etcd.endpoints();
		List<Path> dataDirs = etcd.nodes().stream().map(EtcdNode::dataDir).toList();
		assertThat(pids).allMatch(EtcdTestSupport::isAlive);

		etcd.close();
		etcd.close();

		assertThat(pids).noneMatch(EtcdTestSupport::isAlive);
		assertThat(endpoints).noneMatch(EtcdTestSupport::acceptsConnections);
		assertThat(dataDirs).noneMatch(Files::exists);
		assertThatIllegalStateException().isThrownBy(etcd::start).withMessageContaining("closed");
	}

	@Test
	void failedStartQuotesTheNodeLog() {
		EtcdCluster etcd = EtcdCluster.builder().extraArgs("--no-such-flag=1").build();

		assertThatIllegalStateException().isThrownBy(etcd::start)
			.withMessageContaining("etcd node n1 exited")
			.withMessageContaining("no-such-flag");
	}

	@Test
	void retriesOnNewPortsWhenAPortIsTakenBeforeEtcdBindsIt() throws Exception {
		try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Deque<Integer> firstPorts = new ArrayDeque<>(List.of(squatter.getLocalPort()));
			PortAllocator loopback = PortAllocator.loopback();
			PortAllocator racing = () -> firstPorts.isEmpty() ? loopback.nextPort() : firstPorts.poll();

			try (EtcdCluster etcd = EtcdCluster.builder().ports(racing).build().start();
					Client client = etcd.newClient()) {
				assertThat(etcd.node(0).clientEndpoint()).doesNotEndWith(":" + squatter.getLocalPort());
				put(client, "/k", "v");
				assertThat(value(client, "/k")).isEqualTo("v");
			}
		}
	}

	@Test
	void extraArgsReachEveryNode() throws IOException {
		try (EtcdCluster etcd = EtcdCluster.builder().extraArgs("--auth-token-ttl=2").build().start()) {
			long pid = etcd.node(0).pid().orElseThrow();
			assertThat(isAlive(pid)).isTrue();
			assertThat(ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow())
				.contains("--auth-token-ttl=2");
		}
	}

	@Test
	void jvmExitKillsNodesThatWereNeverClosedAndDeletesTheirFiles() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				LeakyClusterMain.class.getName(), "3")
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		List<Long> pids = new ArrayList<>();
		List<Path> dataDir = new ArrayList<>();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null) {
				if (line.startsWith("PIDS:")) {
					Arrays.stream(line.substring(5).split(",")).map(Long::valueOf).forEach(pids::add);
				}
				if (line.startsWith("DATA:")) {
					dataDir.add(Path.of(line.substring(5)));
				}
			}
			assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(child.exitValue()).isZero();
			assertThat(pids).hasSize(3).noneMatch(EtcdTestSupport::isAlive);
			assertThat(dataDir).singleElement().satisfies((dir) -> assertThat(dir).doesNotExist());
		}
		finally {
			// only if the assertion above failed: the orphans came from the child this test started
			child.destroyForcibly();
			pids.forEach((pid) -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
		}
	}

	private static long memberId(Client client, EtcdNode node) throws Exception {
		return client.getClusterClient().listMember().get(5, TimeUnit.SECONDS).getMembers().stream()
			.filter((member) -> member.getPeerURIs().stream().anyMatch((uri) -> uri.toString().equals(node.peerUrl())))
			.findFirst()
			.orElseThrow()
			.getId();
	}
}
