package dev.etcdregistry.boot.actuate;

import java.util.Map;

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
import dev.etcdregistry.test.EtcdTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code etcd} health on a three-node cluster: one member down is reported but the
 * cluster stays UP; without quorum there is no leader and the health is DOWN.
 */
@EtcdTest(nodes = 3)
@Timeout(120)
class EtcdHealthIndicatorClusterIntegrationTests {

	@Test
	void reportsEveryMemberAndGoesDownWhenQuorumIsLost(EtcdCluster etcd) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.properties("etcd.endpoints=" + etcd.endpointsAsString(), "etcd.request-timeout=2s")
			.run()) {
			EtcdHealthIndicator indicator = context.getBean(EtcdHealthIndicator.class);
			Health health = indicator.health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(members(health)).containsOnlyKeys(etcd.endpoints());
			String leader = (String) health.getDetails().get("leader");
			assertThat(members(health).values()).allSatisfy((member) -> assertThat(member).containsEntry("leader", leader));
			etcd.node(2).stop();
			etcd.node(1).stop();
			try {
				await().untilAsserted(() -> {
					Health lost = indicator.health();
					assertThat(lost.getStatus()).isEqualTo(Status.DOWN);
					assertThat((String) lost.getDetails().get("error")).contains("no leader");
					assertThat(members(lost).get(etcd.endpoints().get(0))).containsEntry("leader", "0");
					assertThat(members(lost).get(etcd.endpoints().get(2))).containsKey("error");
				});
			}
			finally {
				etcd.node(1).start();
				etcd.node(2).start();
			}
			await().untilAsserted(() -> assertThat(indicator.health().getStatus()).isEqualTo(Status.UP));
		}
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
