package dev.etcdregistry.boot.config;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;


/**
 * What a Spring Cloud user writes: full auto-configuration, the refresh endpoint exposed, a
 * {@code @RefreshScope} bean, plain singletons with {@code @Value}, a JavaBean and two record
 * {@code @ConfigurationProperties} (one of them {@code @RefreshScope}).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableConfigurationProperties({ CloudApp.OrdersProperties.class, CloudApp.LimitsRecord.class })
class CloudApp {

	@Bean
	@RefreshScope
	Greeter greeter(@Value("${orders.greeting:none}") String greeting) {
		return new Greeter(greeting);
	}

	/** Immutable properties reach a @RefreshScope bean rebuilt after a change. */
	@Bean
	@RefreshScope
	ScopedLimits scopedLimits(LimitsRecord limits) {
		return new ScopedLimits(limits);
	}

	@Bean
	Changes changes() {
		return new Changes();
	}

	@Bean
	PlainValues plainValues() {
		return new PlainValues();
	}

	/** A @RefreshScope bean: built again with the current value after a refresh. */
	static class Greeter {

		private final String greeting;

		Greeter(String greeting) {
			this.greeting = greeting;
		}

		String greeting() {
			return this.greeting;
		}

	}

	static class ScopedLimits {

		private final LimitsRecord limits;

		ScopedLimits(LimitsRecord limits) {
			this.limits = limits;
		}

		LimitsRecord limits() {
			return this.limits;
		}

	}

	/** Immutable properties in a plain singleton. */
	@ConfigurationProperties("limits")
	record LimitsRecord(int max) {
	}

	@ConfigurationProperties("orders")
	static class OrdersProperties {

		private int discountPercent;

		private String greeting;

		public int getDiscountPercent() {
			return this.discountPercent;
		}

		public void setDiscountPercent(int discountPercent) {
			this.discountPercent = discountPercent;
		}

		public String getGreeting() {
			return this.greeting;
		}

		public void setGreeting(String greeting) {
			this.greeting = greeting;
		}

	}

	/** A plain singleton injected with @Value on a field and on a setter. */
	static class PlainValues {

		@Value("${orders.greeting:none}")
		volatile String greeting;

		@Value("#{${orders.discount-percent:5} * 2}")
		volatile int doubledDiscount;

		volatile Duration timeout;

		@Value("${flags.timeout:1s}")
		void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	static class Changes implements ApplicationListener<EtcdConfigChangedEvent> {

		final List<EtcdConfigChangedEvent> events = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(EtcdConfigChangedEvent event) {
			this.events.add(event);
		}

	}

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** POSTs {@code /actuator/refresh} the way an operator or a Bus refresh does. */
	static String refresh(ConfigurableApplicationContext context) throws IOException, InterruptedException {
		String port = context.getEnvironment().getProperty("local.server.port");
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/refresh"))
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("/actuator/refresh answered " + response.statusCode() + ": "
					+ response.body());
		}
		return response.body();
	}

}
