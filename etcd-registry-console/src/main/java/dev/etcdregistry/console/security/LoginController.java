package dev.etcdregistry.console.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.security.web.WebAttributes;

import dev.etcdregistry.console.ConsoleProperties;

/** The sign-in page: says why the last attempt failed. */
@Controller
class LoginController {

	private final ConsoleProperties properties;

	LoginController(ConsoleProperties properties) {
		this.properties = properties;
	}

	@GetMapping("/login")
	String login(HttpServletRequest request, Model model) {
		HttpSession session = request.getSession(false);
		Object failure = (session != null && request.getParameter("error") != null)
				? session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) : null;
		if (failure instanceof Exception ex) {
			model.addAttribute("error", ex.getMessage());
		}
		model.addAttribute("signedOut", request.getParameter("signedOut") != null);
		model.addAttribute("endpoints", String.join(", ", this.properties.getEndpoints()));
		return "login";
	}

}
