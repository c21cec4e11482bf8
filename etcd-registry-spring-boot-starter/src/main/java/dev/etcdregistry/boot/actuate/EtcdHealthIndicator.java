package dev.etcdregistry.boot.actuate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * {@link HealthIndicator} for etcd. Asks each configured endpoint for its member status
 * (version, leader, database size, raft index) within the request timeout. A member that has
 * not answered an earlier check yet is not asked again until it does or that call times out,
 * so a frozen member costs one connection however often health is checked.
 *
 * <p>The status is {@code UP} when at least one member answers and the cluster has a leader,
 * {@code DOWN} otherwise, with the reason. When the application has a {@link ServiceRegistry},
 * its lease and registrations are part of the details. Credentials are never shown.
 */
public class EtcdHealthIndicator extends AbstractHealthIndicator {

	private final EtcdConnection connection;

	private final Supplier<ServiceRegistry> registry;

	private final MemberStatusCalls calls;

	/**
	 * Creates an indicator.
	 * @param connection the connection to check
	 * @param registry supplies the application's registry, or {@code null} when it has none
	 */
	public EtcdHealthIndicator(EtcdConnection connection, Supplier<ServiceRegistry> registry) {
		super("etcd health check failed");
		this.connection = connection;
		this.registry = registry;
		this.calls = new MemberStatusCalls(connection);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		this.connection.ensureOpen();
		MemberStatuses statuses = MemberStatuses.query(this.connection, this.calls);
		if (!statuses.anyReachable()) {
			builder.down().withDetail("error", statuses.failure().getMessage());
		}
		else if (!statuses.hasLeader()) {
			builder.down().withDetail("error", "the etcd cluster has no leader (quorum lost?); writes and "
					+ "linearizable reads fail until a leader is elected");
		}
		else {
			builder.up().withDetail("leader", statuses.leader());
		}
		builder.withDetail("endpoints", statuses.details());
		ServiceRegistry registry = this.registry.get();
		if (registry != null) {
			builder.withDetail("registrations", registrations(registry));
		}
	}

	private static Map<String, Object> registrations(ServiceRegistry registry) {
		Map<String, Object> registrations = new LinkedHashMap<>();
		// no lease while etcd is unreachable or before the first registration
		registry.leaseId().ifPresent((leaseId) -> registrations.put("leaseId", leaseId));
		registrations.put("instances",
				registry.registrations().stream().map(EtcdHealthIndicator::describe).toList());
		return registrations;
	}

	private static String describe(ServiceInstance instance) {
		return instance.serviceName() + "/" + instance.instanceId() + " -> " + instance.uri();
	}

}
