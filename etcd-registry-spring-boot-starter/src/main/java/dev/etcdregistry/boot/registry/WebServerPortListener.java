package dev.etcdregistry.boot.registry;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * Hands the real port of the application's own web server to the registration. Events of
 * other contexts (a separate management server, child contexts) are ignored.
 */
class WebServerPortListener implements ApplicationListener<WebServerInitializedEvent> {

	private final EtcdAutoServiceRegistration registration;

	private final ApplicationContext context;

	WebServerPortListener(EtcdAutoServiceRegistration registration, ApplicationContext context) {
		this.registration = registration;
		this.context = context;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext() == this.context && event.getWebServer().getPort() > 0) {
			this.registration.webServerStarted(event.getWebServer().getPort());
		}
	}

}
