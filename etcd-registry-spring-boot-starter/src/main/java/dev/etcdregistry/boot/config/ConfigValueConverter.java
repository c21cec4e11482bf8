package dev.etcdregistry.boot.config;

import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.util.ClassUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts an etcd value to a member's type: with the conversion service when it can, with
 * Jackson for JSON objects and arrays and for types the conversion service does not know.
 */
final class ConfigValueConverter {

	private final ConversionService conversionService;

	private final JsonMapper jsonMapper;

	ConfigValueConverter(ConversionService conversionService, JsonMapper jsonMapper) {
		this.conversionService = conversionService;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Converts {@code value}.
	 * @throws IllegalArgumentException saying why, without quoting the value
	 */
	Object convert(String value, TypeDescriptor target) {
		Class<?> type = target.getType();
		if (type == String.class || type == Object.class || type == CharSequence.class) {
			return value;
		}
		Object converted;
		if (looksLikeJson(value) || !this.conversionService.canConvert(TypeDescriptor.valueOf(String.class), target)) {
			converted = readJson(value, target);
		}
		else {
			try {
				converted = this.conversionService.convert(value, TypeDescriptor.valueOf(String.class), target);
			}
			catch (RuntimeException ex) {
				// the conversion service's messages quote the value: report only the kind of failure
				Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
				throw new IllegalArgumentException(cause.getClass().getSimpleName());
			}
		}
		if (converted == null && type.isPrimitive()) {
			throw new IllegalArgumentException("an empty value does not fit a " + type.getName());
		}
		return converted;
	}

	private Object readJson(String value, TypeDescriptor target) {
		JavaType javaType = this.jsonMapper.constructType(target.getResolvableType().getType());
		try {
			return this.jsonMapper.readValue(value, javaType);
		}
		catch (JacksonException ex) {
			String where = (ex.getLocation() != null)
					? " at line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() : "";
			throw new IllegalArgumentException("not JSON for " + ClassUtils.getShortName(target.getType()) + " ("
					+ ex.getClass().getSimpleName() + where + ")");
		}
	}

	private static boolean looksLikeJson(String value) {
		String text = value.strip();
		return (text.startsWith("{") && text.endsWith("}")) || (text.startsWith("[") && text.endsWith("]"));
	}

}
