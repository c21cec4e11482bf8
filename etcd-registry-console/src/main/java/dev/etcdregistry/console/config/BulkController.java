package dev.etcdregistry.console.config;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

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

/**
 * Edits a context's key-per-property keys together, as {@code name=value} lines, and publishes
 * every change as <b>one</b> transaction: added lines create keys, removed lines delete them,
 * each changed key guarded by the mod revision it had when the page was opened. Sensitive keys
 * and documents are left out (and untouched).
 */
@Controller
class BulkController {

	private final ConfigKeys keys;

	private final Masking masking;

	private final Audit audit;

	private final RevisionClock clock;

	BulkController(ConsoleProperties properties, Masking masking, Audit audit, RevisionClock clock) {
		this.keys = new ConfigKeys(properties);
		this.masking = masking;
		this.audit = audit;
		this.clock = clock;
	}

	@GetMapping("/config/{context}/bulk")
	String bulk(EtcdSession session, @PathVariable String context, Model model) {
		String prefix = this.keys.context(context);
		StringBuilder text = new StringBuilder();
		StringBuilder bases = new StringBuilder();
		editable(session, prefix).forEach((key, entry) -> {
			text.append(escape(key.substring(prefix.length())).replace("=", "\\=").replace(":", "\\:"))
				.append('=')
				.append(escape(entry.value()))
				.append('\n');
			bases.append(key).append('\t').append(entry.modRevision()).append('\n');
		});
		model.addAttribute("context", context);
		model.addAttribute("text", text.toString());
		model.addAttribute("bases", bases.toString());
		return "config/bulk";
	}

	@PostMapping("/config/{context}/bulk/preview")
	String preview(EtcdSession session, @PathVariable String context, @RequestParam String text,
			@RequestParam String bases, Model model) {
		Plan plan = plan(session, context, text, bases);
		List<KeyChange> changes = new ArrayList<>();
		plan.writes.forEach((key, value) -> changes.add(KeyChange.of(key, plan.current.get(key), value, false)));
		model.addAttribute("changes", changes);
		model.addAttribute("stale", false);
		model.addAttribute("context", context);
		model.addAttribute("action", "/config/" + context + "/bulk/publish");
		model.addAttribute("fields", Map.of("text", text, "bases", bases));
		return "config/preview";
	}

	@PostMapping("/config/{context}/bulk/publish")
	String publish(EtcdSession session, @PathVariable String context, @RequestParam String text,
			@RequestParam String bases, Model model, RedirectAttributes redirect) {
		Plan plan = plan(session, context, text, bases);
		if (plan.writes.isEmpty()) {
			redirect.addFlashAttribute("notice", "Nothing changed");
			return "redirect:/config/" + context;
		}
		try {
			long revision = new Publisher(session, this.audit, this.clock).publish(context,
					"publish " + plan.writes.size() + " keys", plan.writes, plan.bases);
			redirect.addFlashAttribute("notice", "Published " + plan.writes.size() + " keys in one transaction at "
					+ "revision " + revision);
			return "redirect:/config/" + context;
		}
		catch (Publisher.Conflict conflict) {
			model.addAttribute("context", context);
			model.addAttribute("text", text);
			model.addAttribute("bases", bases);
			model.addAttribute("conflict", "Someone else changed " + conflict.changed().stream()
				.map(ConfigEntry::key).toList() + (conflict.gone().isEmpty() ? "" : " and deleted " + conflict.gone())
					+ " while you edited. Nothing was written; your text is below. Reload the context to start "
					+ "from their values.");
			return "config/bulk";
		}
	}

	private record Plan(Map<String, String> writes, Map<String, Long> bases, Map<String, String> current) {
	}

	private Plan plan(EtcdSession session, String context, String text, String basesText) {
		String prefix = this.keys.context(context);
		text = ConfigController.lines(text);
		Map<String, Long> read = new LinkedHashMap<>();
		basesText.lines().filter((line) -> line.contains("\t")).forEach((line) -> read
			.put(line.substring(0, line.indexOf('\t')), Long.parseLong(line.substring(line.indexOf('\t') + 1))));
		Properties desired = new Properties();
		try {
			desired.load(new StringReader(text));
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new EtcdRegistryException(Reason.INVALID_ARGUMENT, "The lines are not name=value properties: "
					+ ex.getMessage());
		}
		Map<String, String> current = new LinkedHashMap<>();
		editable(session, prefix).forEach((key, entry) -> current.put(key, entry.value()));
		Map<String, String> writes = new TreeMap<>();
		Map<String, Long> bases = new LinkedHashMap<>();
		desired.stringPropertyNames().forEach((name) -> {
			ConfigKeys.checkName(name);
			String key = prefix + name;
			String value = desired.getProperty(name);
			if (!value.equals(current.get(key)) || !read.containsKey(key) && current.containsKey(key)) {
				writes.put(key, value);
				bases.put(key, read.getOrDefault(key, 0L));
			}
		});
		read.forEach((key, base) -> {
			if (!desired.containsKey(key.substring(prefix.length()))) {
				writes.put(key, null);
				bases.put(key, base);
			}
		});
		return new Plan(writes, bases, current);
	}

	private Map<String, ConfigEntry> editable(EtcdSession session, String prefix) {
		Map<String, ConfigEntry> editable = new TreeMap<>();
		session.store().getPrefix(prefix).entries().forEach((key, entry) -> {
			if (ConfigKeys.kind(key).equals("property") && !this.masking.isSensitive(key)) {
				editable.put(key, entry);
			}
		});
		return editable;
	}

	private static String escape(String text) {
		return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
	}

}
