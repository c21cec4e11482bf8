package dev.etcdregistry.boot.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.EnumerablePropertySource;

/**
 * The properties imported from etcd for a list of contexts (key prefixes such as
 * {@code /config/application/} and {@code /config/orders/}; a later context wins). The rest
 * of a key below its context is the property name, with {@code /} read as {@code .}:
 * {@code /config/orders/spring/datasource/url} is {@code spring.datasource.url}.
 *
 * A key ending with {@code .yaml}, {@code .yml}, {@code .properties} or {@code .json} is a
 * document ({@link ConfigDocuments}) whose properties are imported, below the key-per-property
 * keys of the same context.
 *
 * <p>Updated in place: each update swaps in a complete new map, so a reader sees either all
 * or none of the changes of one etcd revision.
 */
final class EtcdPropertySource extends EnumerablePropertySource<List<String>> {

	private static final Logger logger = LoggerFactory.getLogger(EtcdPropertySource.class);

	private volatile Map<String, String> properties = Map.of();

	/** The etcd key behind each property, for diagnostics. */
	private volatile Map<String, String> keys = Map.of();

	/** The active profiles, for the profile-specific sections of documents. */
	private final List<String> profiles;

	/** The documents read so far, by key: each keeps its last version that parsed. */
	private final Map<String, Document> documents = new HashMap<>();

	private static final int MAX_PENDING_REJECTIONS = 100;

	/** Documents rejected since the last {@link #drainRejections()}, the newest 100 at most. */
	private final List<EtcdConfigDocumentRejectedEvent.Rejection> rejections = new ArrayList<>();

	EtcdPropertySource(String name, List<String> contexts) {
		this(name, contexts, List.of());
	}

	EtcdPropertySource(String name, List<String> contexts, List<String> profiles) {
		super(name, List.copyOf(contexts));
		this.profiles = List.copyOf(profiles);
	}

	List<String> contexts() {
		return getSource();
	}

	/**
	 * Recomputes the properties from all values read. Within a context, documents (keys ending
	 * with {@code .yaml}, {@code .yml}, {@code .properties} or {@code .json}, in key order) come
	 * first and a key-per-property key wins over them; a later context wins over an earlier one.
	 * @return the names of the properties that were added, changed or removed
	 */
	synchronized Set<String> update(Map<String, String> etcdValues) {
		Map<String, String> newProperties = new LinkedHashMap<>();
		Map<String, String> newKeys = new LinkedHashMap<>();
		TreeMap<String, String> sorted = new TreeMap<>(etcdValues);
		Set<String> documentKeys = new HashSet<>();
		for (String context : contexts()) {
			if (!context.endsWith("/")) {
				// a document named explicitly after etcd:
				String text = sorted.get(context);
				if (text != null) {
					documentKeys.add(context);
					document(context, text).forEach((name, value) -> put(newProperties, newKeys, name, value, context));
				}
				continue;
			}
			Map<String, String> below = sorted.subMap(context, context + Character.MAX_VALUE);
			below.forEach((key, value) -> {
				if (ConfigDocuments.isDocument(key)) {
					documentKeys.add(key);
					document(key, value).forEach((name, property) -> put(newProperties, newKeys, name, property, key));
				}
			});
			below.forEach((key, value) -> {
				String name = ConfigDocuments.isDocument(key) ? null : propertyName(context, key);
				if (name != null) {
					put(newProperties, newKeys, name, value, key);
				}
			});
		}
		this.documents.keySet().retainAll(documentKeys);
		Set<String> changed = new HashSet<>();
		Map<String, String> old = this.properties;
		newProperties.forEach((name, value) -> {
			if (!Objects.equals(old.get(name), value)) {
				changed.add(name);
			}
		});
		old.keySet().stream().filter((name) -> !newProperties.containsKey(name)).forEach(changed::add);
		this.properties = Collections.unmodifiableMap(newProperties);
		this.keys = Collections.unmodifiableMap(newKeys);
		return changed;
	}

	private static void put(Map<String, String> properties, Map<String, String> keys, String name, String value,
			String key) {
		// removed first so that the winner's position is its own
		properties.remove(name);
		properties.put(name, value);
		keys.put(name, key);
	}

	/** The properties of a document: its text's, or the last good version's when it does not parse. */
	private Map<String, String> document(String key, String text) {
		Document known = this.documents.get(key);
		if (known != null && (text.equals(known.goodText()) || text.equals(known.rejectedText()))) {
			return known.properties();
		}
		try {
			Map<String, String> parsed = ConfigDocuments.parse(key, text, this.profiles);
			this.documents.put(key, new Document(text, parsed, null));
			return parsed;
		}
		catch (ConfigDocuments.Invalid ex) {
			boolean keeps = known != null && known.goodText() != null;
			// the key, the line and the parser's words: never the text, it may hold secrets
			logger.warn("etcd key '{}' does not parse as a document{}: {}; {}", key,
					(ex.line() > 0) ? " (line " + ex.line() + ")" : "", ex.getMessage(),
					keeps ? "its previous version stays in use" : "none of its properties are imported");
			if (this.rejections.size() >= MAX_PENDING_REJECTIONS) {
				// nobody drains them (no watch): the oldest go, the warnings above were logged anyway
				this.rejections.remove(0);
			}
			this.rejections.add(new EtcdConfigDocumentRejectedEvent.Rejection(key, ex.line(), ex.getMessage(), keeps));
			Document rejected = keeps ? new Document(known.goodText(), known.properties(), text)
					: new Document(null, Map.of(), text);
			this.documents.put(key, rejected);
			return rejected.properties();
		}
	}

	/** The documents rejected since the last call, to publish as events. */
	synchronized List<EtcdConfigDocumentRejectedEvent.Rejection> drainRejections() {
		List<EtcdConfigDocumentRejectedEvent.Rejection> drained = List.copyOf(this.rejections);
		this.rejections.clear();
		return drained;
	}

	/** Whether a document was rejected and not yet reported. */
	synchronized boolean hasRejectedDocument() {
		return !this.rejections.isEmpty();
	}

	/** A document's last version that parsed (if any), and the version rejected after it. */
	private record Document(String goodText, Map<String, String> properties, String rejectedText) {
	}

	/** What the source holds now, to put back with {@link #restore} if an update must be undone. */
	synchronized Object[] state() {
		return new Object[] { this.properties, this.keys };
	}

	@SuppressWarnings("unchecked")
	synchronized void restore(Object[] state) {
		this.properties = (Map<String, String>) state[0];
		this.keys = (Map<String, String>) state[1];
	}

	/** The property a key maps to in {@code context}, or {@code null} when it is not under it. */
	static String propertyName(String context, String key) {
		if (!key.startsWith(context) || key.endsWith("/")) {
			return null;
		}
		String rest = key.substring(context.length());
		while (rest.startsWith("/")) {
			rest = rest.substring(1);
		}
		return rest.isEmpty() ? null : rest.replace('/', '.');
	}

	/** The etcd key behind each property name. */
	Map<String, String> keys() {
		return this.keys;
	}

	@Override
	public Object getProperty(String name) {
		return this.properties.get(name);
	}

	@Override
	public boolean containsProperty(String name) {
		return this.properties.containsKey(name);
	}

	@Override
	public String[] getPropertyNames() {
		return this.properties.keySet().toArray(String[]::new);
	}

}
