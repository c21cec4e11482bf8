package dev.etcdregistry.samples;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * What the sample apps share: each reads the shared {@code application.properties} and its own
 * {@code <name>.properties}, so that several of them can live in one module (and one JVM, as in
 * the demo) without reading each other's settings.
 *
 * <p>This class sits above the apps' packages, so no app's component scan picks up another's
 * beans or this class.
 */
public final class Samples {

	private Samples() {
	}

	/**
	 * A builder for one sample app; command-line style arguments ({@code --etcd.namespace=/dev})
	 * given to {@code run(...)} win over everything else.
	 * @param application the {@code @SpringBootApplication} class
	 * @param configName the app's own properties file, without {@code .properties}
	 * @return the builder
	 */
	public static SpringApplicationBuilder application(Class<?> application, String configName) {
		return new SpringApplicationBuilder(application).properties("spring.config.name=application," + configName);
	}

	/**
	 * The port the app's web server listens on.
	 * @param context a running sample app
	 * @return the port
	 */
	public static int port(ApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
