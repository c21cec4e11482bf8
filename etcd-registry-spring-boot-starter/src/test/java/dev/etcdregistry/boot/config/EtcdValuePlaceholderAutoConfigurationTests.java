package dev.etcdregistry.boot.config;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class EtcdValuePlaceholderAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdValuePlaceholderAutoConfiguration.class))
		.withPropertyValues("orders.limit=5")
		.withBean(Limits.class);

	@Test
	void valueMembersFollowAChangedProperty() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ValuePlaceholderUpdater.class);
			assertThat(context.getBean(Limits.class).limit).isEqualTo(5);
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("etcd-test", Map.of("orders.limit", "7")));
			context.publishEvent(new EtcdConfigChangedEvent(context, 2, Set.of("/config/orders/orders.limit"),
					Set.of("orders.limit")));
			assertThat(context.getBean(Limits.class).limit).isEqualTo(7);
		});
	}

	@Test
	void offWithItsFlag() {
		this.contextRunner.withPropertyValues("etcd.config.update-value-placeholders=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ValuePlaceholderUpdater.class));
	}

	@Test
	void offWithTheConfigCenter() {
		this.contextRunner.withPropertyValues("etcd.config.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ValuePlaceholderUpdater.class));
	}

	static class Limits {

		@Value("${orders.limit}")
		int limit;

	}

}
