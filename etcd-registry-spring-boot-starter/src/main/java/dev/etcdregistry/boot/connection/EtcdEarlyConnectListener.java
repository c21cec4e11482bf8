package dev.etcdregistry.boot.connection;

import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

import dev.etcdregistry.client.EtcdSettings;

/**
 * Takes the first etcd connection's cold-JVM cost off the application's start: when the
 * application starts, loads jetcd's classes on a background thread ({@link JetcdClassPreloader});
 * once the Environment is prepared (and logging initialized), opens the connection on another
 * ({@link EarlyEtcdConnection}) and hands it to the context, where the {@code EtcdConnection}
 * bean takes it. Nothing outlives the start: an unclaimed connection is closed once the context
 * has started, and both threads are stopped (and their connection closed) when the start fails.
 * Switched off with {@code etcd.connect-in-background=false} or {@code etcd.enabled=false}.
 */
class EtcdEarlyConnectListener implements SmartApplicationListener {

	private JetcdClassPreloader preloader;

	private EarlyEtcdConnection early;

	private ApplicationContext context;

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> type) {
		return ApplicationStartingEvent.class.isAssignableFrom(type)
				|| ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
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
		if (event instanceof ApplicationStartingEvent starting && !switchedOff(starting.getArgs())) {
			this.preloader = JetcdClassPreloader.start(getClass().getClassLoader());
		}
		else if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
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
			stopPreloader();
			return;
		}
		this.early = EarlyEtcdConnection.start(settings);
	}

	/**
	 * Whether a command-line argument, system property or environment variable already says no:
	 * the class loading starts before the Environment (application.properties) exists.
	 */
	private static boolean switchedOff(String[] args) {
		for (String name : new String[] { "etcd.enabled", "etcd.connect-in-background" }) {
			String variable = name.toUpperCase(Locale.ROOT).replace('.', '_').replace("-", "");
			if (List.of(args).contains("--" + name + "=false") || "false".equalsIgnoreCase(System.getProperty(name))
					|| "false".equalsIgnoreCase(System.getenv(variable))) {
				return true;
			}
		}
		return false;
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
		stopPreloader();
		if (this.early != null) {
			this.early.close();
			this.early = null;
		}
	}

	private void stopPreloader() {
		if (this.preloader != null) {
			this.preloader.stop();
			this.preloader = null;
		}
	}

}
