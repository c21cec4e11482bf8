package dev.etcdregistry.benchmarks;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import dev.etcdregistry.boot.annotation.RegisterService;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The provider child JVM of figure 11: a Spring application with {@code @RegisterService} and a
 * JDK HTTP server (no servlet container on the benchmarks classpath) that answers its instance id,
 * counts the calls and remembers when the last one arrived. It says {@code READY} once the
 * context has started and, on SIGTERM, {@code SERVED <calls> LAST <epoch ms>} after the HTTP
 * server stopped (a destroy callback, so after the starter deregistered the instance, the order
 * a web server keeps). Arguments: endpoints, instance id, port.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@RegisterService(name = LbProvider.SERVICE)
public class LbProvider {

	static final String SERVICE = "lb-provider";

	public static void main(String[] args) {
		new SpringApplicationBuilder(LbProvider.class).web(WebApplicationType.NONE)
			.properties("etcd.endpoints=" + args[0], "spring.main.banner-mode=off", "etcd.registry.instance-id=" + args[1],
					"etcd.registry.host=127.0.0.1", "etcd.registry.port=" + args[2], "provider.port=" + args[2])
			.run();
		System.out.println("READY");
		System.out.flush();
	}

	@Bean
	CallCounter callCounter(org.springframework.core.env.Environment environment) throws Exception {
		return new CallCounter(Integer.parseInt(environment.getRequiredProperty("provider.port")),
				environment.getRequiredProperty("etcd.registry.instance-id"));
	}

	/** The HTTP endpoint: counts calls, stops when the context is destroyed. */
	static final class CallCounter implements DisposableBean {

		private final HttpServer server;

		private final AtomicLong calls = new AtomicLong();

		private volatile long lastCallEpochMillis;

		CallCounter(int port, String id) throws Exception {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
			byte[] body = id.getBytes(StandardCharsets.UTF_8);
			this.server.createContext("/", (exchange) -> {
				this.calls.incrementAndGet();
				this.lastCallEpochMillis = System.currentTimeMillis();
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			this.server.start();
		}

		@Override
		public void destroy() {
			this.server.stop(0);
			System.out.println("SERVED " + this.calls.get() + " LAST " + this.lastCallEpochMillis);
			System.out.flush();
		}

	}

}
