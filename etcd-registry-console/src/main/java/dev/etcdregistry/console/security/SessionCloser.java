package dev.etcdregistry.console.security;

import org.springframework.context.ApplicationListener;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.session.HttpSessionDestroyedEvent;

/**
 * Closes a person's etcd connection (and the watch on it) when their HTTP session ends:
 * sign-out invalidates it, expiry destroys it.
 */
final class SessionCloser implements ApplicationListener<HttpSessionDestroyedEvent> {

	@Override
	public void onApplicationEvent(HttpSessionDestroyedEvent event) {
		for (SecurityContext context : event.getSecurityContexts()) {
			Authentication authentication = context.getAuthentication();
			if (authentication != null && authentication.getPrincipal() instanceof ConsoleUser user
					&& user.etcd() != null) {
				user.etcd().close();
			}
		}
	}

}
