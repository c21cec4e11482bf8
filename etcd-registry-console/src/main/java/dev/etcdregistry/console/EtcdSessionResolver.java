package dev.etcdregistry.console;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.etcdregistry.console.security.ConsoleUser;

/**
 * Lets a controller method take the signed-in person's {@link EtcdSession} as a parameter, so
 * every read and write goes through their own etcd connection.
 */
@Configuration(proxyBeanMethods = false)
class EtcdSessionResolver implements WebMvcConfigurer, HandlerMethodArgumentResolver {

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(this);
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == EtcdSession.class;
	}

	@Override
	public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
			NativeWebRequest request, WebDataBinderFactory binderFactory) {
		return current();
	}

	static EtcdSession current() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof ConsoleUser user
				&& user.etcd() != null && !user.etcd().isClosed()) {
			return user.etcd();
		}
		throw new SessionGoneException();
	}

}
