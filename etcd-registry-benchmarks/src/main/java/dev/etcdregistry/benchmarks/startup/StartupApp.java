package dev.etcdregistry.benchmarks.startup;

import java.lang.management.ManagementFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The application of figure 8, started in a fresh JVM with or without the starter on the
 * classpath (it references no etcd-registry class, so both work). When ready it prints
 * {@code READY <JVM uptime ms> <heap used after GC, bytes> <threads> <process CPU ms>} and exits.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class StartupApp {

	public static void main(String[] args) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(StartupApp.class)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "spring.application.name=startup");
		builder.listeners((ApplicationReadyEvent event) -> {
			long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
			// all threads, the JIT compilers' included: on two cores a start is CPU-bound
			long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
				.getProcessCpuTime() / 1_000_000;
			System.gc();
			System.gc();
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			int threads = ManagementFactory.getThreadMXBean().getThreadCount();
			System.out.println("READY " + uptime + " " + heap + " " + threads + " " + cpu);
			System.out.flush();
		});
		ConfigurableApplicationContext context = builder.run(args);
		context.close();
		System.exit(0);
	}

}
