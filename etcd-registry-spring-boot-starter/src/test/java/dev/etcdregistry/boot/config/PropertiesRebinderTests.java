package dev.etcdregistry.boot.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PropertiesRebinder} with and without Spring Cloud Context.
 */
class PropertiesRebinderTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class)
		.withPropertyValues("demo.limit=1");

	@Test
	void rebindsByItselfWhenSpringCloudContextIsMissing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.cloud")).run((context) -> {
			ConfigurableApplicationContext source = context.getSourceApplicationContext();
			DemoProperties demo = context.getBean(DemoProperties.class);
			assertThat(demo.getLimit()).isEqualTo(1);
			source.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("etcd-test", Map.of("demo.limit", "2")));
			PropertiesRebinder rebinder = new PropertiesRebinder(source);
			rebinder.rebind(Set.of("demo.limit"), rebinder.beans());
			assertThat(demo.getLimit()).isEqualTo(2);
		});
	}

	@Test
	void publishesEnvironmentChangeEventForSpringCloudsRebinder() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ConfigurationPropertiesRebinderAutoConfiguration.class))
			.withUserConfiguration(RecorderConfiguration.class)
			.run((context) -> {
				ConfigurableApplicationContext source = context.getSourceApplicationContext();
				DemoProperties demo = context.getBean(DemoProperties.class);
				source.getEnvironment()
					.getPropertySources()
					.addFirst(new MapPropertySource("etcd-test", Map.of("demo.limit", "3")));
				PropertiesRebinder rebinder = new PropertiesRebinder(source);
			rebinder.rebind(Set.of("demo.limit"), rebinder.beans());
				assertThat(context.getBean(RecorderConfiguration.class).events).singleElement()
					.satisfies((event) -> assertThat(event.getKeys()).containsExactly("demo.limit"));
				assertThat(demo.getLimit()).isEqualTo(3);
			});
	}

	@ConfigurationProperties("demo")
	static class DemoProperties {

		private int limit;

		public int getLimit() {
			return this.limit;
		}

		public void setLimit(int limit) {
			this.limit = limit;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(DemoProperties.class)
	static class PropertiesConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class RecorderConfiguration {

		final List<EnvironmentChangeEvent> events = new CopyOnWriteArrayList<>();

		@Bean
		ApplicationListener<EnvironmentChangeEvent> recorder() {
			return this.events::add;
		}

	}

}
