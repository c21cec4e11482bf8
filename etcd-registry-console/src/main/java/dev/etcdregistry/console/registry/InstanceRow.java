package dev.etcdregistry.console.registry;

import java.time.Instant;
import java.util.Map;

/**
 * One instance on a service's page.
 *
 * @param id the instance id (last key segment)
 * @param address host:port, or why the value could not be read
 * @param secure whether peers use TLS
 * @param metadata the instance's metadata
 * @param status the status the instance reports ({@code UP} when it reports none)
 * @param leaseId the lease the key is attached to, 0 for none
 * @param ttlLeft seconds left on the lease, -1 when unknown or expired
 * @param grantedTtl the lease's TTL, -1 when unknown
 * @param createRevision the revision that created the key
 * @param since when that revision happened, {@code null} when the console did not see it
 * @param override the take-out-of-traffic override, {@code null} when in traffic
 */
record InstanceRow(String id, String address, boolean secure, Map<String, String> metadata, String status,
		long leaseId, long ttlLeft, long grantedTtl, long createRevision, Instant since, Override override) {

	/** An instance taken out of traffic from the console. */
	record Override(String status, String by, String at) {
	}

	/** The lease id as etcdctl prints it. */
	public String leaseHex() {
		return Long.toHexString(this.leaseId);
	}

}
