package dev.etcdregistry.benchmarks;

import dev.etcdregistry.boot.annotation.RegisterService;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** The Spring application of figure 4: registers itself with {@code @RegisterService}, no web server. */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@RegisterService(name = DeregApp.SERVICE, port = 9100)
public class DeregApp {

	static final String SERVICE = "dereg-spring";

}
