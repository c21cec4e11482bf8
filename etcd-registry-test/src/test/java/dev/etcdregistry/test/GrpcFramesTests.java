package dev.etcdregistry.test;

import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.KeyValue;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.ResponseHeader;
import io.etcd.jetcd.api.WatchResponse;
import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcFramesTests {

	private static final ResponseHeader HEADER = ResponseHeader.newBuilder()
		.setClusterId(0x1234)
		.setRevision(42)
		.setRaftTerm(2)
		.build();

	@Test
	void recognisesOnlyTheCreatedWatchResponse() {
		byte[] created = WatchResponse.newBuilder().setHeader(HEADER).setWatchId(7).setCreated(true).build().toByteArray();
		byte[] events = WatchResponse.newBuilder()
			.setHeader(HEADER)
			.setWatchId(7)
			.addEvents(Event.newBuilder().setKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("/a")).setModRevision(41)))
			.build()
			.toByteArray();
		byte[] range = RangeResponse.newBuilder()
			.setHeader(HEADER)
			.addKvs(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("/a")))
			.setMore(true)
			.build()
			.toByteArray();
		assertThat(CuttableProxy.watchCreated().test(created)).isTrue();
		assertThat(CuttableProxy.watchCreated().test(events)).isFalse();
		assertThat(CuttableProxy.watchCreated().test(range)).isFalse();
		assertThat(CuttableProxy.watchCreated().test(new byte[] { (byte) 0xff, (byte) 0xff })).isFalse();
	}

}
