package dev.etcdregistry.boot.registry;

import org.springframework.context.ApplicationEvent;

import dev.etcdregistry.registry.InstanceOverride;

/**
 * An operator set or deleted an override of one of this application's instances (see
 * {@link dev.etcdregistry.registry.ServiceKeys}): {@link #getOverride()}{@code .isActive()}
 * says whether discovery now leaves the instance out.
 */
public class EtcdInstanceOverrideEvent extends ApplicationEvent {

	private final InstanceOverride override;

	/**
	 * @param source the publisher
	 * @param override the override as it is now ({@code status} {@code null} once deleted)
	 */
	public EtcdInstanceOverrideEvent(Object source, InstanceOverride override) {
		super(source);
		this.override = override;
	}

	public InstanceOverride getOverride() {
		return this.override;
	}

}
