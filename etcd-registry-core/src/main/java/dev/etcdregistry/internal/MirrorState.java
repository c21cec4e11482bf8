package dev.etcdregistry.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.watch.WatchEvent;

import dev.etcdregistry.internal.KeyMirror.Change;
import dev.etcdregistry.internal.KeyMirror.Entry;

/**
 * The values a {@link KeyMirror} holds, and how watch events and re-reads change them. Written
 * by the mirror's one serial thread, read by anyone.
 */
final class MirrorState {

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	int size() {
		return this.entries.size();
	}

	Map<String, Entry> view() {
		return Collections.unmodifiableMap(this.entries);
	}

	/**
	 * Applies the events of one watch response.
	 * @return one update per etcd revision (all keys of a transaction together), possibly
	 * without changes when every event left its value as it was
	 */
	List<KeyMirror.Update> apply(List<WatchEvent> events) {
		List<KeyMirror.Update> updates = new ArrayList<>();
		int start = 0;
		while (start < events.size()) {
			long revision = events.get(start).getKeyValue().getModRevision();
			List<Change> changes = new ArrayList<>();
			int end = start;
			while (end < events.size() && events.get(end).getKeyValue().getModRevision() == revision) {
				Change change = apply(events.get(end));
				if (change != null) {
					changes.add(change);
				}
				end++;
			}
			updates.add(new KeyMirror.Update(revision, List.copyOf(changes), false));
			start = end;
		}
		return updates;
	}

	/**
	 * Applies one watch event.
	 * @return the change, or {@code null} when the value did not change (a put of the same
	 * value, a delete of an unknown key)
	 */
	private Change apply(WatchEvent event) {
		KeyValue kv = event.getKeyValue();
		String key = kv.getKey().toString(StandardCharsets.UTF_8);
		if (event.getEventType() == WatchEvent.EventType.DELETE) {
			Entry old = this.entries.remove(key);
			return (old != null) ? new Change(key, old.value(), null, kv.getModRevision()) : null;
		}
		if (event.getEventType() != WatchEvent.EventType.PUT) {
			return null;
		}
		byte[] value = kv.getValue().getBytes();
		Entry old = this.entries.put(key, new Entry(value, kv.getModRevision()));
		if (old != null && Arrays.equals(old.value(), value)) {
			return null;
		}
		return new Change(key, (old != null) ? old.value() : null, value, kv.getModRevision());
	}

	/** The values that really differ between what is held and a fresh read. */
	List<Change> diff(Map<String, Entry> fresh) {
		List<Change> changes = new ArrayList<>();
		this.entries.forEach((key, old) -> {
			if (!fresh.containsKey(key)) {
				changes.add(new Change(key, old.value(), null, old.modRevision()));
			}
		});
		fresh.forEach((key, now) -> {
			Entry old = this.entries.get(key);
			if (old == null || !Arrays.equals(old.value(), now.value())) {
				changes.add(new Change(key, (old != null) ? old.value() : null, now.value(), now.modRevision()));
			}
		});
		return changes;
	}

	/**
	 * Merges queued updates (oldest first) into one {@code resync} update at the newest revision:
	 * per key, the value before the first and after the last, keys that ended where they started
	 * left out. Its size is bounded by the keys, not by how many changes there were.
	 */
	static List<KeyMirror.Update> coalesce(List<KeyMirror.Update> pending) {
		Map<String, Change> net = new LinkedHashMap<>();
		long revision = 0;
		for (KeyMirror.Update update : pending) {
			revision = Math.max(revision, update.revision());
			for (Change change : update.changes()) {
				Change first = net.get(change.key());
				net.put(change.key(), (first != null)
						? new Change(change.key(), first.oldValue(), change.newValue(), change.revision()) : change);
			}
		}
		List<Change> changes = new ArrayList<>();
		net.values().forEach(change -> {
			if (!Arrays.equals(change.oldValue(), change.newValue())) {
				changes.add(change);
			}
		});
		return List.of(new KeyMirror.Update(revision, List.copyOf(changes), true));
	}

	/** Makes a fresh read the held state. */
	void replaceWith(Map<String, Entry> fresh) {
		this.entries.keySet().retainAll(fresh.keySet());
		this.entries.putAll(fresh);
	}

}
