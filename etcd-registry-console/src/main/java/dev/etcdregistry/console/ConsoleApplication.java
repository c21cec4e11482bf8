package dev.etcdregistry.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The etcd-registry web console: the registry and the config center on one page, signed in
 * with etcd's own users. Run it with {@code java -jar etcd-registry-console.jar
 * --etcd.endpoints=http://127.0.0.1:2379}.
 */
@SpringBootApplication
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleApplication {

	public static void main(String[] args) {
		SpringApplication.run(ConsoleApplication.class, args);
	}

}
