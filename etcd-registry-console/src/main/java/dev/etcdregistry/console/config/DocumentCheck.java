package dev.etcdregistry.console.config;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a document's syntax before it is published, with the parsers the applications use:
 * SnakeYAML (Boot's YAML loader), {@link Properties} and Jackson. Only safe YAML types are
 * built.
 */
final class DocumentCheck {

	private static final JsonMapper json = JsonMapper.builder().build();

	private DocumentCheck() {
	}

	/** @return what is wrong, naming line and column, or {@code null} when the text parses */
	static String problem(String key, String text) {
		return switch (ConfigKeys.kind(key)) {
			case "yaml" -> yaml(text);
			case "properties" -> properties(text);
			case "json" -> json(text);
			default -> null;
		};
	}

	private static String yaml(String text) {
		try {
			for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
				if (document != null && !(document instanceof java.util.Map)) {
					return "YAML: a config document must be a mapping (key: value), not a "
							+ document.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
				}
			}
			return null;
		}
		catch (MarkedYAMLException ex) {
			return "YAML: " + ex.getProblem() + ((ex.getProblemMark() != null) ? " at line "
					+ (ex.getProblemMark().getLine() + 1) + ", column " + (ex.getProblemMark().getColumn() + 1) : "");
		}
		catch (RuntimeException ex) {
			return "YAML: " + ex.getMessage();
		}
	}

	private static String properties(String text) {
		try {
			new Properties().load(new StringReader(text));
			return null;
		}
		catch (IOException | IllegalArgumentException ex) {
			return "properties: " + ex.getMessage();
		}
	}

	private static String json(String text) {
		try {
			json.readTree(text);
			return null;
		}
		catch (JacksonException ex) {
			return "JSON: " + ex.getOriginalMessage() + ((ex.getLocation() != null) ? " at line "
					+ ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() : "");
		}
	}

}
