package dev.etcdregistry.boot.connection;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;

import dev.etcdregistry.boot.testsupport.UnconnectedEtcd;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.WatchStatusEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EtcdWatchEventsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EtcdAutoConfiguration.class, EtcdWatchEventsAutoConfiguration.class));

	@Test
	void watchStatusEventsArePublishedAsApplicationEvents() {
		List<EtcdWatchStatusEvent> published = new CopyOnWriteArrayList<>();
		WatchStatusEvent interrupted = new WatchStatusEvent(WatchStatusEvent.Type.INTERRUPTED, "/services/", 12, 0,
				Duration.ZERO, "test");
		this.contextRunner.withBean(EtcdConnection.class, UnconnectedEtcd::connection)
			.withBean(ApplicationListener.class, () -> (ApplicationListener<EtcdWatchStatusEvent>) published::add)
			.run((context) -> {
				assertThat(context).hasSingleBean(WatchStatusEventPublisher.class);
				context.getBean(EtcdConnection.class).watchActivity().publish(interrupted);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(published).singleElement()
						.satisfies((event) -> assertThat(event.getStatus()).isEqualTo(interrupted)));
			});
	}

	@Test
	void nothingWithoutAConnection() {
		this.contextRunner.withPropertyValues("etcd.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WatchStatusEventPublisher.class));
	}

}
