package dev.etcdregistry.boot.config;

import org.springframework.context.ApplicationEvent;

/**
 * Published when an imported etcd key holding a document ({@code .yaml}, {@code .yml},
 * {@code .properties}, {@code .json}) does not parse. The document's previous version that
 * parsed, if any, stays in use; otherwise none of its properties are imported. The event never
 * carries the document's text: it may hold secrets.
 */
public class EtcdConfigDocumentRejectedEvent extends ApplicationEvent {

	private static final long serialVersionUID = 1L;

	private final Rejection rejection;

	/**
	 * Creates the event.
	 * @param source the application context
	 * @param rejection the rejected document
	 */
	public EtcdConfigDocumentRejectedEvent(Object source, Rejection rejection) {
		super(source);
		this.rejection = rejection;
	}

	/** The etcd key of the document. */
	public String getKey() {
		return this.rejection.key();
	}

	/** The line (1-based) where parsing failed, or 0 when the parser did not say. */
	public int getLine() {
		return this.rejection.line();
	}

	/** The parser's description of the problem (without the document's text). */
	public String getProblem() {
		return this.rejection.problem();
	}

	/** Whether the previous version of the document that parsed stays in use. */
	public boolean isPreviousVersionKept() {
		return this.rejection.previousVersionKept();
	}

	@Override
	public String toString() {
		return "EtcdConfigDocumentRejectedEvent{key='" + getKey() + "', line=" + getLine() + ", problem="
				+ getProblem() + ", previousVersionKept=" + isPreviousVersionKept() + "}";
	}

	/**
	 * A rejected document.
	 * @param key the etcd key
	 * @param line the line where parsing failed (0: unknown)
	 * @param problem the parser's words
	 * @param previousVersionKept whether the previous good version stays in use
	 */
	public record Rejection(String key, int line, String problem, boolean previousVersionKept) {
	}

}
