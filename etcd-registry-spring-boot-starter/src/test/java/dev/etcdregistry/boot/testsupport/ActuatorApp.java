package dev.etcdregistry.boot.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.etcdregistry.test.EtcdCluster;

/**
 * A web application with the actuator on a random port, connected to a test etcd in a
 * namespace of its own, and a small HTTP client to read its actuator endpoints.
 */
public final class ActuatorApp implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ConfigurableApplicationContext context;

	private final String namespace = "/it-" + UUID.randomUUID().toString().substring(0, 8);

	private ActuatorApp(EtcdCluster etcd, Class<?>[] sources, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "etcd.endpoints=" + etcd.endpointsAsString(),
				"etcd.namespace=" + this.namespace, "etcd.request-timeout=2s",
				"management.endpoints.web.exposure.include=health,etcd",
				"management.endpoint.health.show-details=always", "spring.application.name=actuator-it"));
		all.addAll(List.of(properties));
		Class<?>[] allSources = new Class<?>[sources.length + 1];
		allSources[0] = App.class;
		System.arraycopy(sources, 0, allSources, 1, sources.length);
		this.context = new SpringApplicationBuilder(allSources).properties(all.toArray(String[]::new)).run();
	}

	/** Starts the application with extra configuration classes and properties. */
	public static ActuatorApp start(EtcdCluster etcd, Class<?>[] sources, String... properties) {
		return new ActuatorApp(etcd, sources, properties);
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public String namespace() {
		return this.namespace;
	}

	/** GETs an actuator path, e.g. {@code /actuator/etcd}. */
	public Response get(String path) throws IOException, InterruptedException {
		String port = this.context.getEnvironment().getProperty("local.server.port");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(20))
			.GET()
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), response.body());
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * An HTTP answer.
	 *
	 * @param status the status code
	 * @param body the body as text
	 */
	public record Response(int status, String body) {

		public JsonNode json() {
			return JsonMapper.builder().build().readTree(this.body);
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

	}

}
