package dev.etcdregistry.client.internal;

import io.etcd.jetcd.api.ResponseHeader;
import io.etcd.jetcd.api.StatusResponse;
import org.junit.jupiter.api.Test;

import dev.etcdregistry.client.internal.AuthTokens.Seen;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What counts as evidence that etcd holds requests bearing this connection's token, from one
 * tokenless status answer. Everything else (a slow, stopped or lagging etcd) keeps the token.
 */
class AuthTokensTests {

	private static final Seen SEEN = new Seen(0xc1, 300);

	@Test
	void theSameHistoryKeepsTheToken() {
		assertThat(AuthTokens.evidence(SEEN, 310, status(0xc1, 300, 320))).isNull();
		assertThat(AuthTokens.evidence(SEEN, 310, status(0xc1, 305, 330))).isNull();
		assertThat(AuthTokens.evidence(SEEN, 0, status(0xc1, 300, 0))).as("nothing known of the token").isNull();
		assertThat(AuthTokens.evidence(new Seen(0, 0), 0, status(0xc2, 1, 5))).as("nothing seen yet").isNull();
	}

	@Test
	void anotherClusterARevisionBehindOrARaftIndexShortOfTheTokenDropIt() {
		assertThat(AuthTokens.evidence(SEEN, 310, status(0xc2, 400, 500))).contains("another cluster");
		assertThat(AuthTokens.evidence(SEEN, 310, status(0xc1, 4, 500))).contains("revision 4", "300");
		assertThat(AuthTokens.evidence(SEEN, 310, status(0xc1, 300, 12))).contains("raft index 310", "12");
	}

	private static StatusResponse status(long clusterId, long revision, long appliedIndex) {
		return StatusResponse.newBuilder()
			.setHeader(ResponseHeader.newBuilder().setClusterId(clusterId).setRevision(revision))
			.setRaftAppliedIndex(appliedIndex)
			.setRaftIndex(appliedIndex)
			.build();
	}

}
