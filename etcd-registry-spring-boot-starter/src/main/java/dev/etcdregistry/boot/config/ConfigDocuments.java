package dev.etcdregistry.boot.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import org.springframework.boot.env.PropertiesPropertySourceLoader;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Parses a config document stored in one etcd key ({@code .yaml}, {@code .yml},
 * {@code .properties}, {@code .json}) with Spring Boot's own property source loaders, as Boot
 * parses {@code application.yaml}: JSON through the YAML loader, every section of a
 * multi-document YAML read in order, a section with {@code spring.config.activate.on-profile}
 * kept only when one of its profile expressions matches the active profiles.
 */
final class ConfigDocuments {

	/** The key endings read as documents. */
	static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".properties", ".json");

	private static final String ACTIVATE = "spring.config.activate.";

	private static final String ON_PROFILE = ACTIVATE + "on-profile";

	private ConfigDocuments() {
	}

	/** Whether {@code key} names a document rather than one property. */
	static boolean isDocument(String key) {
		String lower = key.toLowerCase(Locale.ROOT);
		return EXTENSIONS.stream().anyMatch(lower::endsWith);
	}

	/**
	 * The properties of a document, later sections winning.
	 * @param key the etcd key (its ending picks the loader)
	 * @param text the document
	 * @param activeProfiles the active profiles
	 * @throws Invalid when the document does not parse
	 */
	static Map<String, String> parse(String key, String text, List<String> activeProfiles) throws Invalid {
		PropertySourceLoader loader = key.toLowerCase(Locale.ROOT).endsWith(".properties")
				? new PropertiesPropertySourceLoader() : new YamlPropertySourceLoader();
		List<PropertySource<?>> sections;
		try {
			sections = loader.load(key, new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8), key));
		}
		catch (IOException | RuntimeException ex) {
			throw invalid(ex);
		}
		Map<String, String> properties = new LinkedHashMap<>();
		for (PropertySource<?> section : sections) {
			if (!(section instanceof EnumerablePropertySource<?> enumerable) || !active(section, activeProfiles)) {
				continue;
			}
			for (String name : enumerable.getPropertyNames()) {
				if (!name.startsWith(ACTIVATE)) {
					Object value = OriginTrackedValue.class.isInstance(enumerable.getProperty(name))
							? ((OriginTrackedValue) enumerable.getProperty(name)).getValue()
							: enumerable.getProperty(name);
					properties.put(name, (value != null) ? value.toString() : "");
				}
			}
		}
		return properties;
	}

	private static boolean active(PropertySource<?> section, List<String> activeProfiles) {
		Object onProfile = section.getProperty(ON_PROFILE);
		if (onProfile == null) {
			return true;
		}
		Object value = (onProfile instanceof OriginTrackedValue tracked) ? tracked.getValue() : onProfile;
		String[] expressions = StringUtils.commaDelimitedListToStringArray(String.valueOf(value));
		for (int i = 0; i < expressions.length; i++) {
			expressions[i] = expressions[i].strip();
		}
		return Profiles.of(expressions).matches(activeProfiles::contains);
	}

	/** What went wrong, without the document's text (it may hold secrets). */
	private static Invalid invalid(Exception ex) {
		if (SNAKEYAML) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				Invalid yaml = Yaml.invalid(cause);
				if (yaml != null) {
					return yaml;
				}
			}
		}
		// never the message: it may quote the document
		return new Invalid(0, ex.getClass().getSimpleName());
	}

	private static final boolean SNAKEYAML = ClassUtils.isPresent("org.yaml.snakeyaml.error.MarkedYAMLException",
			ConfigDocuments.class.getClassLoader());

	/** Loaded only when SnakeYAML is present. */
	private static final class Yaml {

		static Invalid invalid(Throwable cause) {
			if (!(cause instanceof MarkedYAMLException yaml)) {
				return null;
			}
			Mark mark = (yaml.getProblemMark() != null) ? yaml.getProblemMark() : yaml.getContextMark();
			// getProblem() is the parser's own words; getMessage() would quote the document
			return new Invalid((mark != null) ? mark.getLine() + 1 : 0, String.valueOf(yaml.getProblem()));
		}

	}

	/** A document that does not parse: the line (1-based, 0 when unknown) and the problem. */
	static final class Invalid extends Exception {

		private static final long serialVersionUID = 1L;

		private final int line;

		Invalid(int line, String problem) {
			super(problem, null, false, false);
			this.line = line;
		}

		int line() {
			return this.line;
		}

	}

}
