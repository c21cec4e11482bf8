package dev.etcdregistry.console.registry;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.console.Audit;
import dev.etcdregistry.console.EtcdSession;
import dev.etcdregistry.console.Fragments;
import dev.etcdregistry.console.RevisionClock;
import dev.etcdregistry.registry.ServiceInstance;

/** The registry pages: services, one service's instances, traffic switches, and their live updates. */
@Controller
class RegistryController {

	private final ExecutorService pushes = Executors.newFixedThreadPool(2, (task) -> {
		Thread thread = new Thread(task, "console-push");
		thread.setDaemon(true);
		return thread;
	});

	/** Every open view, so that a shutdown can end their pushes before the web server waits for requests. */
	private final Set<RegistryView> views = ConcurrentHashMap.newKeySet();

	private final Fragments fragments;

	private final RevisionClock clock;

	private final Audit audit;

	RegistryController(Fragments fragments, RevisionClock clock, Audit audit) {
		this.fragments = fragments;
		this.clock = clock;
		this.audit = audit;
	}

	@GetMapping("/")
	String home() {
		return "redirect:/registry";
	}

	@GetMapping("/registry")
	String services(EtcdSession session, Model model) {
		RegistryView view;
		try {
			view = view(session);
		}
		catch (EtcdRegistryException ex) {
			if (ex.reason() != EtcdRegistryException.Reason.PERMISSION_DENIED) {
				throw ex;
			}
			// a role made for config work only: say so here rather than greet with a refusal
			model.addAttribute("registryDenied", ex.getMessage());
			model.addAttribute("services", List.of());
			model.addAttribute("revision", 0L);
			return "registry/services";
		}
		model.addAttribute("services", view.services());
		model.addAttribute("revision", view.revision());
		return "registry/services";
	}

	@GetMapping("/registry/{service}")
	String service(EtcdSession session, @PathVariable String service, Model model) {
		ServiceInstance.checkName(service, "service name");
		model.addAttribute("service", service);
		model.addAttribute("instances", new InstanceReader(session.connection(), this.clock).read(service));
		model.addAttribute("audit", this.audit.read(session.store(), "services/" + service));
		return "registry/service";
	}

	@GetMapping(path = "/registry/events", produces = "text/event-stream")
	@ResponseBody
	SseEmitter events(EtcdSession session, @RequestParam(required = false) String service,
			HttpServletRequest request) {
		// pushed fragments carry forms: they need the session's CSRF token, read now while in a request
		CsrfToken deferred = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
		CsrfToken csrf = new DefaultCsrfToken(deferred.getHeaderName(), deferred.getParameterName(),
				deferred.getToken());
		if (service != null) {
			ServiceInstance.checkName(service, "service name");
		}
		return view(session).subscribe(service, csrf);
	}

	@PostMapping("/registry/{service}/{id}/out")
	String takeOut(EtcdSession session, @PathVariable String service, @PathVariable String id,
			RedirectAttributes redirect) {
		checkNames(service, id);
		long revision = new TrafficSwitch(session, this.audit).takeOut(service, id);
		this.clock.saw(revision);
		redirect.addFlashAttribute("notice", "Took " + id + " out of traffic (revision " + revision + ")");
		return "redirect:/registry/" + service;
	}

	@PostMapping("/registry/{service}/{id}/in")
	String putBack(EtcdSession session, @PathVariable String service, @PathVariable String id,
			RedirectAttributes redirect) {
		checkNames(service, id);
		long revision = new TrafficSwitch(session, this.audit).putBack(service, id);
		this.clock.saw(revision);
		redirect.addFlashAttribute("notice", "Put " + id + " back in traffic (revision " + revision + ")");
		return "redirect:/registry/" + service;
	}

	private static void checkNames(String service, String id) {
		ServiceInstance.checkName(service, "service name");
		ServiceInstance.checkName(id, "instance id");
	}

	private RegistryView view(EtcdSession session) {
		return session.attachment(RegistryView.class,
				() -> {
					RegistryView view = new RegistryView(session, this.pushes, this.fragments, this.clock,
							this.views::remove);
					this.views.add(view);
					try {
						return view.start();
					}
					catch (RuntimeException ex) {
						this.views.remove(view);
						throw ex;
					}
				});
	}

	/**
	 * Ends every server push when the console shuts down: an event stream is a request that
	 * never ends by itself, and a graceful shutdown would otherwise wait for it.
	 */
	@EventListener(ContextClosedEvent.class)
	void endPushes() {
		this.views.forEach(RegistryView::endPushes);
	}

	@PreDestroy
	void stop() {
		this.pushes.shutdownNow();
	}

}
