package dev.etcdregistry.boot.registry;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;

import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.registry.ServiceInstance;
import dev.etcdregistry.registry.ServiceKeys;
import dev.etcdregistry.registry.ServiceRegistry;

/**
 * Registers this application in etcd and deregisters it on shutdown.
 *
 * <p>Registration follows Spring Boot's readiness: the instance is written once the
 * application accepts traffic ({@link ReadinessState#ACCEPTING_TRAFFIC}, after the runners,
 * not merely when the web server has a port), with the web server's real port (also for
 * {@code server.port=0}) or the configured one. On {@link ReadinessState#REFUSING_TRAFFIC} it
 * stays registered with status {@code OUT_OF_SERVICE} (discovery leaves it out), and is
 * {@code UP} again on the next {@code ACCEPTING_TRAFFIC}.
 * As a {@link SmartLifecycle} in phase {@link #PHASE} it stops before Boot's web server
 * lifecycles ({@code WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE}, i.e.
 * {@code Integer.MAX_VALUE - 1024}, then {@code START_STOP_LIFECYCLE_PHASE},
 * {@code Integer.MAX_VALUE - 2048}): the instance leaves etcd while the server still answers,
 * so peers stop calling it before it stops taking requests. The core registry's lease is
 * revoked afterwards, when its bean is destroyed.
 */
public final class EtcdAutoServiceRegistration
		implements SmartLifecycle, ApplicationListener<AvailabilityChangeEvent<?>> {

	/** Stops before the web server's graceful shutdown and stop. */
	public static final int PHASE = Integer.MAX_VALUE - 512;

	private static final Logger logger = LoggerFactory.getLogger(EtcdAutoServiceRegistration.class);

	private static final String[] WEB_CONTEXTS = { "org.springframework.web.context.WebApplicationContext",
			"org.springframework.boot.web.context.reactive.ReactiveWebApplicationContext" };

	private final ServiceRegistry registry;

	private final RegistrationSettings settings;

	private final ApplicationContext context;

	private volatile int webServerPort;

	private volatile ServiceInstance instance;

	private volatile boolean running;

	private volatile boolean registered;

	EtcdAutoServiceRegistration(ServiceRegistry registry, RegistrationSettings settings, ApplicationContext context) {
		this.registry = registry;
		this.settings = settings;
		this.context = context;
	}

	/**
	 * The instance this application registers, once its port is known.
	 * @return the instance, empty before the web server listens (or before ready for an
	 * application without one)
	 */
	public Optional<ServiceInstance> instance() {
		return Optional.ofNullable(this.instance);
	}

	/** The service name this application registers under. */
	public String serviceName() {
		return this.settings.serviceName();
	}

	/** Called when the application's own web server listens; it registers once ready. */
	void webServerStarted(int port) {
		this.webServerPort = port;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
		if (event.getSource() != this.context || !(event.getState() instanceof ReadinessState readiness)) {
			return;
		}
		if (readiness == ReadinessState.ACCEPTING_TRAFFIC) {
			accepting();
		}
		else {
			refusing();
		}
	}

	private synchronized void accepting() {
		if (this.instance != null) {
			if (!this.instance.isUp() && this.registered) {
				register(this.instance.port()); // back in service
			}
			return;
		}
		int port = (this.webServerPort > 0) ? this.settings.portFor(this.webServerPort) : this.settings.fixedPort();
		if (port > 0) {
			register(port);
		}
	}

	private synchronized void refusing() {
		ServiceInstance current = this.instance;
		if (current == null || !this.registered || !current.isUp()) {
			return;
		}
		ServiceInstance out = current.withStatus(ServiceKeys.OUT_OF_SERVICE);
		try {
			this.registry.register(out);
			this.instance = out;
			logger.info("Instance '{}' of service '{}' refuses traffic: marked {} in etcd", out.instanceId(),
					out.serviceName(), ServiceKeys.OUT_OF_SERVICE);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not mark instance '{}' of service '{}' out of service ({}); it stays listed as it was",
					out.instanceId(), out.serviceName(), ex.getMessage());
		}
	}

	private synchronized void register(int port) {
		ServiceInstance candidate = this.settings.instance(port);
		this.registry.register(candidate);
		this.instance = candidate;
		this.registered = true;
		if (this.registry.leaseId().isEmpty()) {
			// etcd did not answer (etcd.fail-fast=false): the registry keeps trying
			logger.info("Instance '{}' of service '{}' at {}:{} is registered as soon as etcd answers",
					candidate.instanceId(), candidate.serviceName(), candidate.host(), candidate.port());
			return;
		}
		logger.info("Registered instance '{}' of service '{}' at {}:{}", candidate.instanceId(),
				candidate.serviceName(), candidate.host(), candidate.port());
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		if (this.webServerPort == 0 && this.settings.fixedPort() == 0) {
			if (isWebContextWithoutServer()) {
				logger.info("No web server runs (mock web environment?); service '{}' is not registered",
						this.settings.serviceName());
			}
			else {
				throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "Service '" + this.settings.serviceName()
						+ "' is to be registered (@RegisterService or etcd.registry.register=on) but this application "
						+ "has no web server to take the port from; set etcd.registry.port or @RegisterService(port = ...)"
						+ " to the port peers should connect to");
			}
		}
		if (this.instance != null && !this.registered) {
			register(this.instance.port());
		}
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		ServiceInstance current = this.instance;
		if (current != null && this.registered) {
			this.registered = false;
			try {
				this.registry.deregister(current.serviceName(), current.instanceId());
				logger.info("Deregistered instance '{}' of service '{}'", current.instanceId(), current.serviceName());
			}
			catch (RuntimeException ex) {
				logger.warn("Could not deregister instance '{}' of service '{}' ({}); its lease is revoked on close",
						current.instanceId(), current.serviceName(), ex.getMessage());
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private boolean isWebContextWithoutServer() {
		ClassLoader loader = getClass().getClassLoader();
		for (String name : WEB_CONTEXTS) {
			if (ClassUtils.isPresent(name, loader)
					&& ClassUtils.resolveClassName(name, loader).isInstance(this.context)) {
				return true;
			}
		}
		return false;
	}

}
