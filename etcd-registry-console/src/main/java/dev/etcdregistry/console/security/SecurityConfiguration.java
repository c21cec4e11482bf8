package dev.etcdregistry.console.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.session.HttpSessionEventPublisher;

import dev.etcdregistry.console.ConsoleProperties;
import dev.etcdregistry.console.OpenSessions;

/**
 * Form sign-in against etcd, CSRF on (the default), every page but the sign-in page behind it.
 * Sessions expire after {@code server.servlet.session.timeout}; their etcd connections close
 * with them.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain consoleSecurity(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers("/login", "/console.css", "/console.js",
					"/error")
				.permitAll()
				.anyRequest()
				.authenticated())
			.formLogin((form) -> form.loginPage("/login").defaultSuccessUrl("/", true).permitAll())
			.logout((logout) -> logout.logoutSuccessUrl("/login?signedOut").invalidateHttpSession(true));
		return http.build();
	}

	/** The only way in: as a bean, it also keeps Boot from making a default user with a generated password. */
	@Bean
	EtcdAuthenticationProvider etcdAuthenticationProvider(ConsoleProperties properties, OpenSessions sessions) {
		return new EtcdAuthenticationProvider(properties, sessions);
	}

	@Bean
	static HttpSessionEventPublisher httpSessionEventPublisher() {
		return new HttpSessionEventPublisher();
	}

	@Bean
	SessionCloser sessionCloser() {
		return new SessionCloser();
	}

}
