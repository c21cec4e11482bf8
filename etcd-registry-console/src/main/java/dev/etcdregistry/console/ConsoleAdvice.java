package dev.etcdregistry.console;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.console.security.ConsoleUser;

/**
 * What every page shows (who is signed in, whether etcd checks users at all) and how etcd's
 * refusals reach the person: a page with etcd's reason, never a stack trace.
 */
@ControllerAdvice
class ConsoleAdvice {

	private static final Logger logger = LoggerFactory.getLogger(ConsoleAdvice.class);

	private final ConsoleProperties properties;

	ConsoleAdvice(ConsoleProperties properties) {
		this.properties = properties;
	}

	@ModelAttribute
	void common(Model model) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof ConsoleUser user
				&& user.etcd() != null) {
			model.addAttribute("me", user.getName());
			model.addAttribute("authEnabled", user.etcd().authEnabled());
		}
		model.addAttribute("endpoints", String.join(", ", this.properties.getEndpoints()));
		model.addAttribute("namespace", this.properties.getNamespace());
	}

	@ExceptionHandler(EtcdRegistryException.class)
	String etcdRefused(EtcdRegistryException ex, Model model, HttpServletResponse response) {
		common(model);
		int status = switch (ex.reason()) {
			case PERMISSION_DENIED -> 403;
			case CONFLICT -> 409;
			case INVALID_ARGUMENT, INVALID_VALUE, COMPACTED -> 400;
			default -> 503;
		};
		logger.debug("etcd refused a console request: {}", ex.getMessage());
		response.setStatus(status);
		model.addAttribute("status", status);
		model.addAttribute("reason", ex.reason().name());
		model.addAttribute("message", ex.getMessage());
		return "refused";
	}

	@ExceptionHandler(SessionGoneException.class)
	String sessionGone(jakarta.servlet.http.HttpServletRequest request) {
		jakarta.servlet.http.HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		return "redirect:/login?expired";
	}

}
