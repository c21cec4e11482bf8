package dev.etcdregistry.console.security;

import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.client.EtcdConnection;
import dev.etcdregistry.client.EtcdSettings;
import dev.etcdregistry.console.ConsoleProperties;
import dev.etcdregistry.console.EtcdSession;
import dev.etcdregistry.console.OpenSessions;

/**
 * Signs a person in by opening an etcd connection with the user name and password they typed:
 * etcd checks the password, nothing else does, and the connection becomes their
 * {@link EtcdSession}. When etcd has authentication off, the connection is opened without
 * credentials and the name is only used to sign audit records. The password is handed to
 * jetcd and never logged or kept elsewhere.
 */
final class EtcdAuthenticationProvider implements AuthenticationProvider {

	private static final Logger logger = LoggerFactory.getLogger(EtcdAuthenticationProvider.class);

	private final ConsoleProperties properties;

	private final OpenSessions sessions;

	EtcdAuthenticationProvider(ConsoleProperties properties, OpenSessions sessions) {
		this.properties = properties;
		this.sessions = sessions;
	}

	@Override
	public Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String user = authentication.getName();
		Object credentials = authentication.getCredentials();
		String password = (credentials != null) ? credentials.toString() : "";
		if (user == null || user.isBlank()) {
			throw new BadCredentialsException("Type your etcd user name");
		}
		EtcdSession session = this.sessions.track(connect(user.strip(), password));
		UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(
				new ConsoleUser(session.user(), session), null, List.of(new SimpleGrantedAuthority("ROLE_ETCD_USER")));
		result.setDetails(authentication.getDetails());
		logger.info("'{}' signed in to etcd at {}{}", session.user(), String.join(",", this.properties.getEndpoints()),
				session.authEnabled() ? "" : " (etcd authentication is off)");
		return result;
	}

	private EtcdSession connect(String user, String password) {
		try {
			return new EtcdSession(user, true, EtcdConnection.connect(settings(user, password)));
		}
		catch (EtcdRegistryException ex) {
			if (authDisabled(ex)) {
				return withoutAuth(user);
			}
			if (ex.reason() == Reason.AUTHENTICATION_FAILED) {
				logger.info("Sign-in of '{}' refused by etcd", user);
				throw new BadCredentialsException("etcd rejected the user name or password");
			}
			throw new AuthenticationServiceException("Cannot reach etcd: " + ex.getMessage());
		}
	}

	private EtcdSession withoutAuth(String user) {
		try {
			return new EtcdSession(user, false, EtcdConnection.connect(settings(null, null)));
		}
		catch (EtcdRegistryException ex) {
			throw new AuthenticationServiceException("Cannot reach etcd: " + ex.getMessage());
		}
	}

	static boolean authDisabled(EtcdRegistryException ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
			if (message.contains("authentication is not enabled")) {
				return true;
			}
		}
		return false;
	}

	EtcdSettings settings(String user, String password) {
		EtcdSettings.Builder builder = EtcdSettings.builder()
			.endpoints(this.properties.getEndpoints())
			.namespace(this.properties.getNamespace())
			.connectTimeout(this.properties.getConnectTimeout())
			.requestTimeout(this.properties.getRequestTimeout());
		if (user != null) {
			builder.username(user).password(password);
		}
		return builder.build();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
