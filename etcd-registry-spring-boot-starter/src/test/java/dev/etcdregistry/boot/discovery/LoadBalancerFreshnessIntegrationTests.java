package dev.etcdregistry.boot.discovery;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import dev.etcdregistry.boot.annotation.RegisterService;
import dev.etcdregistry.boot.discovery.CallLoop.Call;
import dev.etcdregistry.boot.testsupport.EtcdApps;
import dev.etcdregistry.registry.ServiceDiscovery;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The calls of a {@code @LoadBalanced RestClient} follow discovery, with Spring Cloud's
 * defaults (LoadBalancer's 35 s instance cache on): once the consumer's discovery cache has
 * dropped an instance (graceful stop, or its lease expired after a crash) no call goes to it,
 * and a new instance gets calls from the first change that lists it.
 */
@EtcdTest
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LoadBalancerFreshnessIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	/** How long calls keep going after the change before the calls are judged. */
	private static final Duration OBSERVE = Duration.ofSeconds(3);

	private EtcdApps apps;

	@BeforeEach
	void start(EtcdCluster etcd) {
		this.apps = new EtcdApps(etcd);
	}

	@AfterEach
	void stop() throws Exception {
		this.apps.close();
	}

	@Test
	void noCallReachesAGracefullyStoppedInstanceOnceDiscoveryDroppedIt() throws Exception {
		gracefulStop(consumer());
	}

	@Test
	void sameWithDiscoveryHoldingOnlyTheServicesLookedUp() throws Exception {
		ConfigurableApplicationContext consumer = this.apps.run(ConsumerApp.class, false,
				"spring.application.name=consumer", "etcd.discovery.mode=subscribed");
		assertThat(consumer.getBean(ServiceDiscovery.class).cachedServices()).isEmpty();
		gracefulStop(consumer);
		assertThat(consumer.getBean(ServiceDiscovery.class).cachedServices()).containsExactly("echo");
	}

	private void gracefulStop(ConfigurableApplicationContext consumer) throws Exception {
		this.apps.run(ProviderApp.class, true);
		ConfigurableApplicationContext second = this.apps.run(ProviderApp.class, true);
		int stopped = port(second);
		CallLoop calls = warmedUp(consumer, 2);
		AtomicLong dropped = whenGone(consumer, stopped);
		second.close();
		await().atMost(WAIT).until(() -> dropped.get() != 0);
		Thread.sleep(OBSERVE.toMillis());
		calls.close();
		List<Call> after = calls.since(dropped.get());
		assertThat(after).as("calls after discovery dropped the instance").hasSizeGreaterThan(10);
		assertThat(after).as("calls to the stopped instance, or failed, after discovery dropped it")
			.filteredOn(call -> call.port() == stopped || call.failed())
			.isEmpty();
	}

	@Test
	void aNewInstanceGetsCallsFromTheChangeThatListsIt() throws Exception {
		this.apps.run(ProviderApp.class, true);
		this.apps.run(ProviderApp.class, true);
		ConfigurableApplicationContext consumer = consumer();
		CallLoop calls = warmedUp(consumer, 2);
		AtomicLong added = new AtomicLong();
		AtomicLong addedPort = new AtomicLong();
		consumer.getBean(ServiceDiscovery.class).addListener("echo", event -> {
			if (!event.added().isEmpty() && added.get() == 0) {
				addedPort.set(event.added().get(0).port());
				added.set(System.nanoTime());
			}
		});
		int third = port(this.apps.run(ProviderApp.class, true));
		await().atMost(WAIT).until(() -> added.get() != 0);
		assertThat(addedPort.get()).isEqualTo(third);
		Thread.sleep(OBSERVE.toMillis());
		calls.close();
		List<Call> after = calls.since(added.get());
		assertThat(after).as("calls after discovery listed the new instance").hasSizeGreaterThan(10);
		// round robin over three instances: one of the first three calls goes to the new one
		assertThat(after.subList(0, 3)).as("the first three calls after the change")
			.anySatisfy(call -> assertThat(call.port()).isEqualTo(third));
		assertThat(after).filteredOn(Call::failed).isEmpty();
	}

	@Test
	void afterACrashCallsFailOnlyUntilTheLeaseExpires(EtcdCluster etcd) throws Exception {
		this.apps.run(ProviderApp.class, true);
		Crashable crashable = this.apps.closeLater(new Crashable(etcd, this.apps.namespace(), 4));
		ConfigurableApplicationContext consumer = consumer();
		CallLoop calls = warmedUp(consumer, 2);
		AtomicLong dropped = whenGone(consumer, crashable.port());
		long crashed = System.nanoTime();
		crashable.crash();
		await().atMost(WAIT).until(() -> dropped.get() != 0);
		Thread.sleep(OBSERVE.toMillis());
		calls.close();
		assertThat(calls.all()).as("failed calls after the crash").filteredOn(call -> call.failed()
				&& call.startNanos() >= crashed).isNotEmpty();
		assertThat(Duration.ofNanos(dropped.get() - crashed)).as("time from the crash to discovery dropping it")
			.isLessThan(Duration.ofSeconds(4 + 5));
		List<Call> after = calls.since(dropped.get());
		assertThat(after).as("calls after discovery dropped the instance").hasSizeGreaterThan(10);
		assertThat(after).as("calls to the crashed instance, or failed, after its lease expired")
			.filteredOn(call -> call.port() == crashable.port() || call.failed())
			.isEmpty();
	}

	private ConfigurableApplicationContext consumer() {
		// Spring Cloud's defaults: LoadBalancer's instance cache stays on
		return this.apps.run(ConsumerApp.class, false, "spring.application.name=consumer");
	}

	/** Starts calling once discovery lists {@code instances}, and lets LoadBalancer fill its caches first. */
	private CallLoop warmedUp(ConfigurableApplicationContext consumer, int instances) {
		DiscoveryClient discovery = consumer.getBean(DiscoveryClient.class);
		await().atMost(WAIT).untilAsserted(() -> assertThat(discovery.getInstances("echo")).hasSize(instances));
		CallLoop calls = this.apps.closeLater(new CallLoop(consumer.getBean(RestClient.Builder.class), "echo"));
		await().atMost(WAIT).until(() -> calls.size() >= 10);
		return calls;
	}

	/** Records when the consumer's discovery cache no longer lists the instance at {@code port}. */
	private static AtomicLong whenGone(ConfigurableApplicationContext consumer, int port) {
		AtomicLong gone = new AtomicLong();
		consumer.getBean(ServiceDiscovery.class).addListener("echo", event -> {
			if (gone.get() == 0 && event.instances().stream().noneMatch(instance -> instance.port() == port)) {
				gone.set(System.nanoTime());
			}
		});
		return gone;
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/**
	 * An "echo" instance registered the way the Node.js tutorial does (a lease of its own, kept
	 * alive), that can crash: its HTTP server and its keep-alive stop at once, as with kill -9.
	 */
	static final class Crashable implements AutoCloseable {

		private final Client client;

		private final HttpServer server;

		private final CloseableClient keepAlive;

		Crashable(EtcdCluster etcd, String namespace, long ttlSeconds) throws Exception {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			this.server.createContext("/port", exchange -> {
				byte[] body = String.valueOf(port()).getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			this.server.start();
			this.client = etcd.newClient();
			long lease = this.client.getLeaseClient().grant(ttlSeconds).get(10, TimeUnit.SECONDS).getID();
			this.keepAlive = this.client.getLeaseClient().keepAlive(lease, new StreamObserver<LeaseKeepAliveResponse>() {
				@Override
				public void onNext(LeaseKeepAliveResponse value) {
				}

				@Override
				public void onError(Throwable t) {
				}

				@Override
				public void onCompleted() {
				}
			});
			String json = "{\"host\":\"127.0.0.1\",\"port\":" + port() + "}";
			this.client.getKVClient()
				.put(bytes(namespace + "/services/echo/crashable"), bytes(json),
						PutOption.builder().withLeaseId(lease).build())
				.get(10, TimeUnit.SECONDS);
		}

		int port() {
			return this.server.getAddress().getPort();
		}

		void crash() {
			this.keepAlive.close();
			this.server.stop(0);
		}

		@Override
		public void close() {
			crash();
			this.client.close();
		}

		private static ByteSequence bytes(String text) {
			return ByteSequence.from(text, StandardCharsets.UTF_8);
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@RegisterService(name = "echo")
	static class ProviderApp {

		@Bean
		PortController portController(ApplicationContext context) {
			return new PortController((WebServerApplicationContext) context);
		}

	}

	@RestController
	static class PortController {

		private final WebServerApplicationContext context;

		PortController(WebServerApplicationContext context) {
			this.context = context;
		}

		@GetMapping("/port")
		String port() {
			return String.valueOf(this.context.getWebServer().getPort());
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ConsumerApp {

		@Bean
		@LoadBalanced
		RestClient.Builder loadBalancedRestClientBuilder() {
			return RestClient.builder();
		}

	}

}
