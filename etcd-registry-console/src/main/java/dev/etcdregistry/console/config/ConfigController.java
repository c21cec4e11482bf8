package dev.etcdregistry.console.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.etcdregistry.EtcdRegistryException;
import dev.etcdregistry.EtcdRegistryException.Reason;
import dev.etcdregistry.config.ConfigEntry;
import dev.etcdregistry.console.Audit;
import dev.etcdregistry.console.ConsoleProperties;
import dev.etcdregistry.console.EtcdSession;
import dev.etcdregistry.console.Masking;
import dev.etcdregistry.console.RevisionClock;

/** Config pages: contexts, a context's keys, and editing one key with a diff before publishing. */
@Controller
class ConfigController {

	private static final Logger logger = LoggerFactory.getLogger(ConfigController.class);

	/** One key in a context listing. */
	record KeyRow(String key, String name, String kind, String value, boolean masked, long modRevision) {
	}

	private final ConfigKeys keys;

	private final Masking masking;

	private final Audit audit;

	private final RevisionClock clock;

	ConfigController(ConsoleProperties properties, Masking masking, Audit audit, RevisionClock clock) {
		this.keys = new ConfigKeys(properties);
		this.masking = masking;
		this.audit = audit;
		this.clock = clock;
	}

	@GetMapping("/config")
	String contexts(EtcdSession session, Model model) {
		model.addAttribute("root", this.keys.root());
		try {
			Map<String, Integer> contexts = new TreeMap<>();
			session.store().getPrefix(this.keys.root()).entries().keySet().forEach((key) -> {
				int slash = key.indexOf('/', this.keys.root().length());
				if (slash > 0) {
					contexts.merge(key.substring(this.keys.root().length(), slash), 1, Integer::sum);
				}
			});
			model.addAttribute("contexts", contexts);
		}
		catch (EtcdRegistryException ex) {
			if (ex.reason() != Reason.PERMISSION_DENIED) {
				throw ex;
			}
			model.addAttribute("listDenied", "Your etcd role may not list everything under " + this.keys.root()
					+ "; open a context you may read by name.");
		}
		return "config/contexts";
	}

	@GetMapping("/config/open")
	String open(@RequestParam String context) {
		ConfigKeys.checkContext(context);
		return "redirect:/config/" + context;
	}

	@GetMapping("/config/{context}")
	String context(EtcdSession session, @PathVariable String context,
			@RequestParam(required = false) String reveal, Model model) {
		String prefix = this.keys.context(context);
		List<KeyRow> rows = session.store().getPrefix(prefix).entries().values().stream().map((entry) -> {
			boolean masked = this.masking.isSensitive(entry.key()) && !entry.key().equals(reveal);
			String value = masked ? Masking.MASK : entry.value();
			return new KeyRow(entry.key(), entry.key().substring(prefix.length()), ConfigKeys.kind(entry.key()),
					value, masked, entry.modRevision());
		}).toList();
		if (reveal != null) {
			logger.info("'{}' revealed the value of '{}'", session.user(), reveal);
		}
		model.addAttribute("context", context);
		model.addAttribute("prefix", prefix);
		model.addAttribute("keys", rows);
		model.addAttribute("followers", new ContextFollowers(session.connection()).of(context));
		return "config/context";
	}

	@GetMapping("/config/{context}/edit")
	String edit(EtcdSession session, @PathVariable String context, @RequestParam(defaultValue = "") String name,
			@RequestParam(defaultValue = "false") boolean reveal, Model model) {
		String prefix = this.keys.context(context);
		Optional<ConfigEntry> entry = name.isEmpty() ? Optional.empty() : session.store().getEntry(prefix + name);
		boolean masked = !name.isEmpty() && this.masking.isSensitive(prefix + name) && !reveal;
		if (reveal && entry.isPresent()) {
			logger.info("'{}' revealed the value of '{}' to edit it", session.user(), prefix + name);
		}
		return editor(model, context, name, entry.map(ConfigEntry::value).orElse(""),
				entry.map(ConfigEntry::modRevision).orElse(0L), masked, null);
	}

	@PostMapping("/config/{context}/preview")
	String preview(EtcdSession session, @PathVariable String context, @RequestParam String name,
			@RequestParam String value, @RequestParam long base, Model model) {
		ConfigKeys.checkName(name);
		value = lines(value);
		String key = this.keys.context(context) + name;
		String problem = DocumentCheck.problem(key, value);
		if (problem != null) {
			model.addAttribute("problem", problem);
			return editor(model, context, name, value, base, false, null);
		}
		Optional<ConfigEntry> current = session.store().getEntry(key);
		model.addAttribute("changes", List.of(KeyChange.of(key, current.map(ConfigEntry::value).orElse(null), value,
				false)));
		model.addAttribute("stale", current.map(ConfigEntry::modRevision).orElse(0L) != base);
		model.addAttribute("context", context);
		model.addAttribute("action", "/config/" + context + "/publish");
		model.addAttribute("fields", Map.of("name", name, "value", value, "base", Long.toString(base)));
		return "config/preview";
	}

	@PostMapping("/config/{context}/publish")
	String publish(EtcdSession session, @PathVariable String context, @RequestParam String name,
			@RequestParam String value, @RequestParam long base, Model model, RedirectAttributes redirect) {
		ConfigKeys.checkName(name);
		value = lines(value);
		String key = this.keys.context(context) + name;
		String problem = DocumentCheck.problem(key, value);
		if (problem != null) {
			model.addAttribute("problem", problem);
			return editor(model, context, name, value, base, false, null);
		}
		Map<String, String> writes = new LinkedHashMap<>();
		writes.put(key, value);
		try {
			long revision = new Publisher(session, this.audit, this.clock).publish(context, "publish " + name, writes,
					Map.of(key, base));
			redirect.addFlashAttribute("notice", "Published " + key + " at revision " + revision);
			return "redirect:/config/" + context;
		}
		catch (Publisher.Conflict conflict) {
			// nothing is lost: the person's text stays in the editor, now based on the other change
			ConfigEntry theirs = conflict.changed().isEmpty() ? null : conflict.changed().get(0);
			model.addAttribute("conflict", (theirs != null) ? "Someone else changed " + key + " (now at revision "
					+ theirs.modRevision() + ") while you edited it. Nothing was written. Below: their version "
					+ "against yours; publish again to replace theirs with yours."
					: "Someone else deleted " + key + " while you edited it. Nothing was written; publish again "
							+ "to create it with your text.");
			model.addAttribute("changes", List.of(KeyChange.of(key, (theirs != null) ? theirs.value() : null, value,
					this.masking.isSensitive(key))));
			return editor(model, context, name, value, (theirs != null) ? theirs.modRevision() : 0L, false, null);
		}
	}

	/** Browsers send a textarea's line breaks as CR LF: store what the person typed, with LF. */
	static String lines(String text) {
		return text.replace("\r\n", "\n");
	}

	private String editor(Model model, String context, String name, String value, long base, boolean masked,
			String notice) {
		model.addAttribute("context", context);
		model.addAttribute("name", name);
		model.addAttribute("value", masked ? "" : value);
		model.addAttribute("masked", masked);
		model.addAttribute("base", base);
		model.addAttribute("kind", name.isEmpty() ? "property" : ConfigKeys.kind(name));
		if (notice != null) {
			model.addAttribute("notice", notice);
		}
		return "config/edit";
	}

}
