package dev.etcdregistry.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Just enough HTTP/2 and gRPC framing for {@link CuttableProxy}: split a byte stream into
 * frames, put the gRPC messages of each stream back together, and recognise etcd's "created"
 * watch response. Anything it does not understand is forwarded untouched.
 */
final class GrpcFrames {

	/** The client's HTTP/2 connection preface ({@code PRI * HTTP/2.0...}) comes before any frame. */
	private static final int CLIENT_PREFACE = 24;

	private static final int FRAME_HEADER = 9;

	private static final int DATA = 0;

	private static final int PADDED = 0x8;

	private static final int MAX_FRAME = 1 << 24;

	private GrpcFrames() {
	}

	/**
	 * Whether a protobuf message is an etcd {@code WatchResponse} with {@code created = true}:
	 * a header (field 1, a message), no field 2 of a message type (a {@code RangeResponse}'s
	 * key-values) and field 3 set to true.
	 */
	static boolean isWatchCreated(byte[] message) {
		boolean header = false;
		boolean created = false;
		int[] pos = { 0 };
		try {
			while (pos[0] < message.length) {
				long tag = varint(message, pos);
				int field = (int) (tag >>> 3);
				int type = (int) (tag & 7);
				switch (type) {
					case 0 -> {
						long value = varint(message, pos);
						created |= field == 3 && value == 1;
					}
					case 1 -> pos[0] += 8;
					case 2 -> {
						long length = varint(message, pos);
						header |= field == 1;
						if (field == 2) {
							return false;
						}
						pos[0] += (int) length;
					}
					case 5 -> pos[0] += 4;
					default -> {
						return false;
					}
				}
			}
		}
		catch (ArrayIndexOutOfBoundsException ex) {
			return false;
		}
		return header && created && pos[0] == message.length;
	}

	private static long varint(byte[] bytes, int[] pos) {
		long value = 0;
		for (int shift = 0; shift < 64; shift += 7) {
			byte b = bytes[pos[0]++];
			value |= (long) (b & 0x7f) << shift;
			if ((b & 0x80) == 0) {
				return value;
			}
		}
		throw new ArrayIndexOutOfBoundsException("varint too long");
	}

	/** Copies one direction of one connection, frame by frame, and fires the proxy's armed cut. */
	static final class Pump {

		private final CuttableProxy proxy;

		private final Socket from;

		private final Socket to;

		private final CuttableProxy.Direction direction;

		private final Map<Integer, ByteArrayOutputStream> messages = new HashMap<>();

		private byte[] pending = new byte[64 * 1024];

		private int length;

		private int prefaceLeft;

		private boolean raw;

		Pump(CuttableProxy proxy, Socket from, Socket to, CuttableProxy.Direction direction) {
			this.proxy = proxy;
			this.from = from;
			this.to = to;
			this.direction = direction;
			this.prefaceLeft = (direction == CuttableProxy.Direction.TO_SERVER) ? CLIENT_PREFACE : 0;
		}

		Socket from() {
			return this.from;
		}

		Socket to() {
			return this.to;
		}

		void run() throws IOException {
			InputStream in = this.from.getInputStream();
			OutputStream out = this.to.getOutputStream();
			byte[] buffer = new byte[16 * 1024];
			int read;
			while ((read = in.read(buffer)) >= 0) {
				this.proxy.awaitFlowing();
				append(buffer, read);
				int forward = this.raw ? this.length : framesUpTo(out);
				if (forward < 0) {
					return; // cut after a matching message
				}
				out.write(this.pending, 0, forward);
				out.flush();
				System.arraycopy(this.pending, forward, this.pending, 0, this.length - forward);
				this.length -= forward;
			}
		}

		/** How many buffered bytes are whole frames (to forward now); -1 once a cut fired. */
		private int framesUpTo(OutputStream out) throws IOException {
			int pos = Math.min(this.prefaceLeft, this.length);
			this.prefaceLeft -= pos;
			while (this.length - pos >= FRAME_HEADER) {
				int size = ((this.pending[pos] & 0xff) << 16) | ((this.pending[pos + 1] & 0xff) << 8)
						| (this.pending[pos + 2] & 0xff);
				if (size >= MAX_FRAME) {
					this.raw = true; // not HTTP/2 as we know it: just copy
					return this.length;
				}
				int end = pos + FRAME_HEADER + size;
				if (end > this.length) {
					break;
				}
				int type = this.pending[pos + 3] & 0xff;
				int flags = this.pending[pos + 4] & 0xff;
				int stream = ((this.pending[pos + 5] & 0x7f) << 24) | ((this.pending[pos + 6] & 0xff) << 16)
						| ((this.pending[pos + 7] & 0xff) << 8) | (this.pending[pos + 8] & 0xff);
				if (type == DATA) {
					int start = pos + FRAME_HEADER;
					int stop = end;
					if ((flags & PADDED) != 0 && size > 0) {
						stop -= this.pending[start] & 0xff;
						start++;
					}
					CuttableProxy.Trigger armed = feed(stream, start, stop);
					if (armed != null && this.proxy.claim(armed)) {
						out.write(this.pending, 0, end);
						out.flush();
						this.proxy.cut(armed);
						return -1;
					}
				}
				pos = end;
			}
			return pos;
		}

		/** Adds a DATA frame's payload to its stream; the armed cut if a whole message now matches it. */
		private CuttableProxy.Trigger feed(int stream, int start, int stop) {
			ByteArrayOutputStream buffered = this.messages.computeIfAbsent(stream, s -> new ByteArrayOutputStream());
			buffered.write(this.pending, start, Math.max(0, stop - start));
			CuttableProxy.Trigger matched = null;
			byte[] bytes = buffered.toByteArray();
			int pos = 0;
			while (bytes.length - pos >= 5) {
				int size = ((bytes[pos + 1] & 0xff) << 24) | ((bytes[pos + 2] & 0xff) << 16)
						| ((bytes[pos + 3] & 0xff) << 8) | (bytes[pos + 4] & 0xff);
				if (size < 0 || bytes.length - pos - 5 < size) {
					break;
				}
				CuttableProxy.Trigger armed = this.proxy.trigger(this.direction);
				if (armed != null && matched == null
						&& armed.message().test(Arrays.copyOfRange(bytes, pos + 5, pos + 5 + size))) {
					matched = armed;
				}
				pos += 5 + size;
			}
			buffered.reset();
			buffered.write(bytes, pos, bytes.length - pos);
			return matched;
		}

		private void append(byte[] buffer, int read) {
			if (this.length + read > this.pending.length) {
				this.pending = Arrays.copyOf(this.pending, Math.max(this.pending.length * 2, this.length + read));
			}
			System.arraycopy(buffer, 0, this.pending, this.length, read);
			this.length += read;
		}

	}

}
