package dev.etcdregistry.boot.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.etcdregistry.boot.annotation.RegisterService;
import dev.etcdregistry.boot.testsupport.EtcdApps;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.test.EtcdCluster;
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@EtcdTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RegisterServiceIntegrationTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
	void webAppRegistersWithItsRealPortAndIsGoneWhenCloseReturns() throws Exception {
		ConfigurableApplicationContext context = this.apps.run(WebApp.class, true);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		assertThat(port).isPositive();
		Map<String, String> instances = this.apps.instances("greeter");
		assertThat(instances).hasSize(1);
		String id = instances.keySet().iterator().next();
		assertThat(id).matches("greeter-127\\.0\\.0\\.1-" + port + "-[0-9a-f]{8}");
		assertThat(instances.get(id)).contains("\"host\":\"127.0.0.1\"")
			.contains("\"port\":" + port)
			.contains("\"zone\":\"test\"");
		context.close();
		assertThat(this.apps.instances("greeter")).isEmpty();
	}

	@Test
	void deregistersWhileTheWebServerStillAnswers() throws Exception {
		ConfigurableApplicationContext context = this.apps.run(WebApp.class, true);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		ShutdownProbe probe = context.getBean(ShutdownProbe.class);
		probe.check = () -> {
			probe.keysAtStop = this.apps.instances("greeter").size();
			probe.statusAtStop = get(port, "/hello").statusCode();
		};
		context.close();
		assertThat(probe.keysAtStop).isZero();
		assertThat(probe.statusAtStop).isEqualTo(200);
	}

	@Test
	void registersTheApplicationPortNotTheManagementPort() throws Exception {
		ConfigurableApplicationContext context = this.apps.run(WebApp.class, true, "management.server.port=0");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		assertThat(context.getEnvironment().getProperty("local.management.port", Integer.class)).isPositive()
			.isNotEqualTo(port);
		Map<String, String> instances = this.apps.instances("greeter");
		assertThat(instances).hasSize(1);
		assertThat(instances.values().iterator().next()).contains("\"port\":" + port + ",");
	}

	@Test
	void nonWebAppRegistersWithItsFixedPort() throws Exception {
		ConfigurableApplicationContext context = this.apps.run(WorkerApp.class, false,
				"spring.application.name=worker", "etcd.registry.metadata.role=batch");
		Map<String, String> instances = this.apps.instances("worker");
		assertThat(instances).hasSize(1);
		assertThat(instances.values().iterator().next())
			.contains("\"port\":7001")
			.contains("\"role\":\"batch\"")
			.contains("\"serviceName\":\"worker\"");
		context.close();
		assertThat(this.apps.instances("worker")).isEmpty();
	}

	@Test
	void serviceRegistryEndpointReadsAndSetsTheStatus() throws Exception {
		ConfigurableApplicationContext context = this.apps.run(WebApp.class, true,
				"management.endpoints.web.exposure.include=serviceregistry");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpResponse<String> status = get(port, "/actuator/serviceregistry");
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.body()).contains("UP");

		assertThat(post(port, "/actuator/serviceregistry", "{\"status\":\"OUT_OF_SERVICE\"}").statusCode())
			.isEqualTo(200);
		assertThat(this.apps.instances("greeter")).isEmpty();
		assertThat(get(port, "/actuator/serviceregistry").body()).contains("OUT_OF_SERVICE");

		assertThat(post(port, "/actuator/serviceregistry", "{\"status\":\"UP\"}").statusCode()).isEqualTo(200);
		assertThat(this.apps.instances("greeter")).hasSize(1);
		assertThat(get(port, "/actuator/serviceregistry").body()).contains("UP");
	}

	@Test
	void noThreadOfOursOutlivesTheContext() throws Exception {
		ConfigurableApplicationContext context = this.apps.run(WebApp.class, true);
		assertThat(ourThreads()).isNotEmpty();
		context.close();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ourThreads()).isEmpty());
	}

	private static List<String> ourThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter(name -> name.startsWith(EtcdConnection.THREAD_NAME_PREFIX))
			.toList();
	}

	private HttpResponse<String> get(int port, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(int port, String path, String json) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@RegisterService(name = "greeter", metadata = "zone=test")
	static class WebApp {

		@Bean
		HelloController helloController() {
			return new HelloController();
		}

		@Bean
		ShutdownProbe shutdownProbe() {
			return new ShutdownProbe();
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@RegisterService(port = 7001)
	static class WorkerApp {

	}

	@RestController
	static class HelloController {

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

	}

	/** Stops right before the web server's graceful shutdown, after the deregistration. */
	static class ShutdownProbe implements SmartLifecycle {

		volatile ThrowingRunnable check = () -> {
		};

		volatile int keysAtStop = -1;

		volatile int statusAtStop = -1;

		private volatile boolean running;

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
			try {
				this.check.run();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;
		}

	}

	@FunctionalInterface
	interface ThrowingRunnable {

		void run() throws Exception;

	}

}
