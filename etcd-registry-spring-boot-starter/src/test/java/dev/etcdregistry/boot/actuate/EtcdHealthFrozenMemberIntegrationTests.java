package dev.etcdregistry.boot.actuate;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.etcdregistry.boot.connection.EtcdAutoConfiguration;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdNode;
import dev.etcdregistry.test.EtcdTest;
import dev.etcdregistry.test.LeakCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Health checks against a member that accepts connections but never answers (SIGSTOP, as a
 * frozen VM or a long GC pause would): each check ends within its bound, and checks, however
 * many and however concurrent, hold at most one connection to that member.
 */
@EtcdTest(nodes = 3)
@Timeout(180)
class EtcdHealthFrozenMemberIntegrationTests {

	private static final int PROBES = 8;

	@Test
	void frozenMemberCostsOneConnectionHoweverOftenHealthIsChecked(EtcdCluster etcd) throws Exception {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.properties("etcd.endpoints=" + etcd.endpointsAsString(), "etcd.request-timeout=2s")
			.run()) {
			EtcdHealthIndicator indicator = context.getBean(EtcdHealthIndicator.class);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			// a follower keeps the cluster UP; not the first node, whose metrics LeakCheck reads
			EtcdNode frozen = etcd.followers().stream().filter((node) -> node != etcd.node(0)).findFirst().orElseThrow();
			int port = URI.create(frozen.clientEndpoint()).getPort();
			int before = connectionsTo(port);
			frozen.pause();
			try {
				List<Integer> seen = new ArrayList<>();
				for (int i = 0; i < PROBES; i++) {
					Health health = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> indicator.health());
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					assertThat(members(health).get(frozen.clientEndpoint())).containsKey("error");
					seen.add(connectionsTo(port));
				}
				LeakCheck threads = LeakCheck.start(etcd);
				ExecutorService callers = Executors.newFixedThreadPool(PROBES);
				try {
					List<CompletableFuture<Health>> concurrent = Stream
						.generate(() -> CompletableFuture.supplyAsync(indicator::health, callers))
						.limit(PROBES)
						.toList();
					CompletableFuture<Void> all = CompletableFuture.allOf(concurrent.toArray(CompletableFuture[]::new));
					// the most connections held while the checks wait for the frozen member
					seen.add(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
						int most = 0;
						while (!all.isDone()) {
							most = Math.max(most, connectionsTo(port));
							Thread.sleep(20);
						}
						return most;
					}));
					assertThat(concurrent).allSatisfy((call) -> assertThat(call.join().getStatus()).isEqualTo(Status.UP));
				}
				finally {
					callers.shutdownNow();
				}
				// one status call in flight at most, plus one whose channel is being closed
				assertThat(seen).as("connections to the frozen member after each check, then during %d concurrent "
						+ "ones (%d before)", PROBES, before)
					.allSatisfy((count) -> assertThat(count).isLessThanOrEqualTo(before + 2));
				// and none once the last call's deadline passed: the member is still frozen, but no check waits
				await().atMost(Duration.ofSeconds(15))
					.untilAsserted(() -> assertThat(connectionsTo(port)).isLessThanOrEqualTo(before));
				// Vert.x's event loops (a fixed pool of twice the cores) start lazily, one per new channel
				assertThat(threads.newThreads()).filteredOn((name) -> !name.startsWith("vert.x-eventloop-thread-"))
					.isEmpty();
			}
			finally {
				frozen.resume();
			}
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Health health = indicator.health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(members(health).get(frozen.clientEndpoint())).containsKey("memberId");
			});
		}
	}

	/** Established TCP connections of this JVM to a local port, from {@code /proc}. */
	private static int connectionsTo(int port) throws IOException {
		Set<String> ours = new HashSet<>();
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			fds.forEach((fd) -> {
				try {
					String link = Files.readSymbolicLink(fd).toString();
					if (link.startsWith("socket:[")) {
						ours.add(link.substring(8, link.length() - 1));
					}
				}
				catch (IOException ex) {
					// closed while listing
				}
			});
		}
		String remote = String.format(":%04X", port);
		int count = 0;
		// Java's sockets are usually IPv6 ones with IPv4-mapped addresses
		for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
			for (String line : Files.readAllLines(Path.of(table))) {
				String[] fields = line.trim().split("\\s+");
				// sl local rem st tx:rx tr:when retrnsmt uid timeout inode
				if (fields.length > 9 && fields[2].endsWith(remote) && fields[3].equals("01") && ours.contains(fields[9])) {
					count++;
				}
			}
		}
		return count;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> members(Health health) {
		return (Map<String, Map<String, Object>>) health.getDetails().get("endpoints");
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdAutoConfiguration.class, EtcdHealthContributorAutoConfiguration.class })
	static class App {

	}

}
