package dev.etcdregistry.console.config;

import java.util.List;

/**
 * One key's change as a page shows it: before publishing, in a conflict, or in history.
 *
 * @param key the full key
 * @param kind property, yaml, properties or json
 * @param diff the line diff, masked for sensitive keys unless revealed
 * @param problem a syntax problem of the new value, {@code null} when none
 * @param delete whether the change deletes the key
 */
record KeyChange(String key, String kind, List<LineDiff.Line> diff, String problem, boolean delete) {

	static KeyChange of(String key, String before, String after, boolean masked) {
		List<LineDiff.Line> diff = masked ? List.of(new LineDiff.Line('~', "value changed (sensitive: masked)"))
				: LineDiff.of(before, after);
		String problem = (after != null) ? DocumentCheck.problem(key, after) : null;
		return new KeyChange(key, ConfigKeys.kind(key), diff, problem, after == null);
	}

}
