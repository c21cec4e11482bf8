package dev.etcdregistry.console.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.etcdregistry.config.ConfigChange;
import dev.etcdregistry.console.Audit;
import dev.etcdregistry.console.ConsoleProperties;
import dev.etcdregistry.console.EtcdSession;
import dev.etcdregistry.console.Masking;
import dev.etcdregistry.console.RevisionClock;

/**
 * History of a key or a whole context from the revisions etcd still retains
 * ({@link dev.etcdregistry.config.ConfigStore#history}), with diffs, the audit record of each
 * revision beside it, and rollback to any of them in one audited transaction.
 */
@Controller
class HistoryController {

	/** The changes etcd made to the key or context at one revision. */
	record Version(long revision, Instant time, List<KeyChange> changes, Audit.Entry audit) {
	}

	private final ConfigKeys keys;

	private final Masking masking;

	private final Audit audit;

	private final RevisionClock clock;

	HistoryController(ConsoleProperties properties, Masking masking, Audit audit, RevisionClock clock) {
		this.keys = new ConfigKeys(properties);
		this.masking = masking;
		this.audit = audit;
		this.clock = clock;
	}

	@GetMapping("/config/{context}/history")
	String history(EtcdSession session, @PathVariable String context, @RequestParam(defaultValue = "") String name,
			@RequestParam(defaultValue = "false") boolean reveal, Model model) {
		String prefix = this.keys.context(context);
		List<Audit.Entry> records = this.audit.read(session.store(), "config/" + context);
		// one key: the core's history; a context: one replayed watch over its prefix
		List<ConfigChange> changes = name.isEmpty() ? new PrefixHistory(session.connection()).read(prefix)
				: session.store().history(prefix + name);
		TreeMap<Long, List<KeyChange>> byRevision = new TreeMap<>();
		for (ConfigChange change : changes) {
			boolean masked = this.masking.isSensitive(change.key()) && !reveal;
			byRevision.computeIfAbsent(change.revision(), (r) -> new ArrayList<>())
				.add(KeyChange.of(change.key(), change.oldValue(), change.newValue(), masked));
		}
		Map<Long, Audit.Entry> auditByRevision = records.stream()
			.collect(Collectors.toMap(Audit.Entry::revision, Function.identity(), (a, b) -> a));
		List<Version> versions = new ArrayList<>();
		byRevision.descendingMap().forEach((revision, atRevision) -> versions.add(
				new Version(revision, this.clock.timeOf(revision), atRevision, auditByRevision.get(revision))));
		model.addAttribute("context", context);
		model.addAttribute("name", name);
		model.addAttribute("versions", versions);
		model.addAttribute("records", records);
		return "config/history";
	}

	@PostMapping("/config/{context}/rollback")
	String rollback(EtcdSession session, @PathVariable String context, @RequestParam(defaultValue = "") String name,
			@RequestParam long revision, RedirectAttributes redirect) {
		String prefix = this.keys.context(context);
		if (!name.isEmpty()) {
			ConfigKeys.checkName(name);
		}
		String target = name.isEmpty() ? prefix : prefix + name;
		long done = new Publisher(session, this.audit, this.clock).rollback(context, target, name.isEmpty(),
				revision);
		redirect.addFlashAttribute("notice", (done < 0) ? target + " already is as it was at revision " + revision
				: "Rolled " + target + " back to revision " + revision + " (now at revision " + done + ")");
		return "redirect:/config/" + context + "/history" + (name.isEmpty() ? "" : "?name=" + name);
	}

}
