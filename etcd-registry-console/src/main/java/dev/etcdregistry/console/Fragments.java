package dev.etcdregistry.console;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders a fragment of a page template outside a request, for the server push: the same
 * fragment the page includes, so a pushed update looks exactly like a reload. Fragments
 * rendered here build their links with literal substitution, not {@code @{...}}, which needs
 * a request.
 */
@Component
public class Fragments {

	private final ITemplateEngine engine;

	public Fragments(ITemplateEngine engine) {
		this.engine = engine;
	}

	public String render(String template, String fragment, Map<String, Object> variables) {
		return this.engine.process(template, Set.of(fragment), new Context(Locale.ROOT, variables));
	}

}
