package dev.etcdregistry.boot.connection;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

import dev.etcdregistry.client.EtcdSettings;

/**
 * Takes the first etcd connection's cold-JVM cost off the application's start: once the
 * Environment is prepared (and logging initialized), opens the connection on a background thread
 * ({@link EarlyEtcdConnection}) and hands it to the context, where the {@code EtcdConnection}
 * bean takes it. Nothing outlives the start: an unclaimed connection is closed once the context
 * has started, and the thread is stopped (and its connection closed) when the start fails.
 * Switched off with {@code etcd.connect-in-background=false} or {@code etcd.enabled=false}; not
 * used with {@code etcd.ssl.bundle} (bundles exist only in the context) nor with an
 * {@link EtcdConnectionDetails} bean whose settings differ from the properties (the bean then
 * connects anew and the early connection is closed).
 *
 * <p>Preloading jetcd's classes on another thread from the first application event (a 2,887-line
 * class list pinned to one jetcd version) was tried and dropped: in interleaved runs on 2 cores
 * it never won measurably over this early connection alone (see BENCHMARKS.md, figure 8 notes).
 */
class EtcdEarlyConnectListener implements SmartApplicationListener {

	private EarlyEtcdConnection early;

	private ApplicationContext context;

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> type) {
		return ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
				|| ApplicationPreparedEvent.class.isAssignableFrom(type)
				|| ApplicationStartedEvent.class.isAssignableFrom(type)
				|| ApplicationFailedEvent.class.isAssignableFrom(type);
	}

	@Override
	public int getOrder() {
		// after the config data import and logging: the connection logs, and binds every etcd.* source
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			onEnvironmentPrepared(prepared.getEnvironment());
		}
		else if (event instanceof ApplicationPreparedEvent prepared) {
			handOver(prepared.getApplicationContext());
		}
		else if (event instanceof ApplicationStartedEvent started && started.getApplicationContext() == this.context) {
			release();
		}
		else if (event instanceof ApplicationFailedEvent failed
				&& (this.context == null || failed.getApplicationContext() == this.context)) {
			release();
		}
	}

	private void onEnvironmentPrepared(ConfigurableEnvironment environment) {
		EtcdSettings settings = null;
		try {
			EtcdProperties properties = Binder.get(environment)
				.bind("etcd", EtcdProperties.class)
				.orElseGet(EtcdProperties::new);
			if (properties.isEnabled() && properties.isConnectInBackground()
					&& !environment.getProperty("spring.autoconfigure.exclude", "")
						.contains(EtcdAutoConfiguration.class.getName())) {
				settings = EtcdSettingsFactory.create(properties);
			}
		}
		catch (RuntimeException ex) {
			// bad etcd.* values: the EtcdProperties and EtcdSettings beans report them, naming the property
		}
		if (settings == null) {
			return;
		}
		this.early = EarlyEtcdConnection.start(settings);
	}

	private void handOver(ConfigurableApplicationContext context) {
		this.context = context;
		if (this.early == null) {
			return;
		}
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(EarlyEtcdConnection.BEAN_NAME, this.early);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(EarlyEtcdConnection.BEAN_NAME, this.early::close);
		}
	}

	private void release() {
		if (this.early != null) {
			this.early.close();
			this.early = null;
		}
	}

}
