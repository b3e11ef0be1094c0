package io.aerys.websocket.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Outbox}: who writes, in what order, and when a thread may wait for the socket.
 * The transport is a recording stand-in; the behaviour over real sockets is covered by the
 * endpoint tests.
 */
class OutboxTests {

	private final RecordingTransport transport = new RecordingTransport();

	private final List<String> sent = new CopyOnWriteArrayList<>();

	private final List<Outgoing> closes = new CopyOnWriteArrayList<>();

	private final List<Long> overflows = new CopyOnWriteArrayList<>();

	@Test
	void writesInPlaceOnTheCallingThreadWhenNothingWaits() {
		Outbox outbox = outbox(new WritePermits(1));
		List<Throwable> completions = new ArrayList<>();
		outbox.offerInPlace(Outgoing.text("hello", completions::add));
		assertThat(this.transport.writes).containsExactly("in place: hello");
		assertThat(completions).containsExactly((Throwable) null);
		assertThat(this.sent).containsExactly("text 5 B");
		assertThat(outbox.isIdle()).isTrue();
	}

	@Test
	void writesAReplyInPlaceAndCountsItWithTheSizeGiven() {
		WritePermits permits = new WritePermits(1);
		Outbox outbox = outbox(permits);
		outbox.replyInPlace("h\u00e9llo", 6);
		assertThat(this.transport.writes).containsExactly("in place: h\u00e9llo");
		assertThat(this.sent).containsExactly("text 6 B");
		assertThat(permits.available()).isEqualTo(1);
		assertThat(outbox.isIdle()).isTrue();
	}

	@Test
	void queuesAReplyBehindAWriteInFlight() {
		Outbox outbox = outbox(new WritePermits(1));
		outbox.offer(Outgoing.text("one", Completion.NONE));
		outbox.replyInPlace("two", 3);
		assertThat(this.transport.writes).containsExactly("async: one");
		this.transport.completeAsync(null);
		assertThat(this.transport.writes).containsExactly("async: one", "in place: two");
		assertThat(this.sent).containsExactly("text 3 B", "text 3 B");
		assertThat(outbox.isIdle()).isTrue();
	}

	@Test
	void aReplyToAShutDownOutboxIsNotWritten() {
		Outbox outbox = outbox(new WritePermits(1));
		outbox.shutdown();
		outbox.replyInPlace("late", 4);
		assertThat(this.transport.writes).isEmpty();
		assertThat(this.sent).isEmpty();
	}

	@Test
	void eachWriteHasItsOwnNumberWhileItGoesOn() {
		Outbox outbox = outbox(new WritePermits(1));
		List<Long> numbers = new ArrayList<>();
		this.transport.duringWrite = () -> numbers.add(outbox.writing());
		assertThat(outbox.writing()).isZero();
		outbox.replyInPlace("one", 3);
		outbox.offerInPlace(Outgoing.text("two", Completion.NONE));
		outbox.replyInPlace("one", 3);
		outbox.offer(Outgoing.text("three", Completion.NONE));
		assertThat(outbox.writing()).as("the asynchronous write goes on").isNotZero().isEqualTo(numbers.get(3));
		this.transport.completeAsync(null);
		assertThat(outbox.writing()).isZero();
		assertThat(numbers).hasSize(4).doesNotContain(0L).doesNotHaveDuplicates();
	}

	@Test
	void queuesWhenNoPermitIsFree() {
		Outbox outbox = outbox(new WritePermits(0));
		outbox.offerInPlace(Outgoing.text("hello", Completion.NONE));
		assertThat(this.transport.writes).containsExactly("async: hello");
		this.transport.completeAsync(null);
		assertThat(this.sent).containsExactly("text 5 B");
		assertThat(outbox.isIdle()).isTrue();
	}

	@Test
	void queuesBehindAWriteInFlightAndTheCompletionWritesTheRestAsOneBatch() {
		WritePermits permits = new WritePermits(1);
		Outbox outbox = outbox(permits);
		outbox.offer(Outgoing.text("one", Completion.NONE));
		outbox.offerInPlace(Outgoing.text("two", Completion.NONE));
		outbox.offer(Outgoing.text("three", Completion.NONE));
		assertThat(this.transport.writes).containsExactly("async: one");
		this.transport.completeAsync(null);
		assertThat(this.transport.writes).containsExactly("async: one", "in place: [two, three]");
		assertThat(this.sent).containsExactly("text 3 B", "text 3 B", "text 5 B");
		assertThat(permits.available()).isEqualTo(1);
		assertThat(outbox.isIdle()).isTrue();
	}

	@Test
	void aBatchStopsAtACloseAndNothingAfterItIsWritten() {
		Outbox outbox = outbox(new WritePermits(1));
		List<Throwable> afterClose = new ArrayList<>();
		outbox.offer(Outgoing.text("one", Completion.NONE));
		outbox.offer(Outgoing.text("two", Completion.NONE));
		outbox.offer(Outgoing.close(CloseStatus.NORMAL, Completion.NONE));
		outbox.offer(Outgoing.text("three", afterClose::add));
		this.transport.completeAsync(null);
		assertThat(this.transport.writes).containsExactly("async: one", "in place: two");
		assertThat(this.closes).hasSize(1);
		assertThat(afterClose).singleElement().isInstanceOf(ClientClosedException.class);
	}

	@Test
	void aFailedBatchFailsEveryMessageInIt() {
		Outbox outbox = outbox(new WritePermits(1));
		List<Throwable> completions = new CopyOnWriteArrayList<>();
		outbox.offer(Outgoing.text("one", completions::add));
		outbox.offer(Outgoing.text("two", completions::add));
		outbox.offer(Outgoing.text("three", completions::add));
		this.transport.failInPlace = new IOException("broken pipe");
		this.transport.completeAsync(null);
		assertThat(completions).hasSize(3);
		assertThat(completions.get(0)).isNull();
		assertThat(completions.subList(1, 3)).allSatisfy((failure) -> assertThat(failure).hasMessage("broken pipe"));
		assertThat(this.sent).containsExactly("text 3 B");
	}

	@Test
	void queuedMessagesWaitForOneFlushAndGoOutAsOneBatchWithoutBlocking() {
		this.transport.batches = true;
		Outbox outbox = outbox(new WritePermits(1));
		assertThat(outbox.offerQueued(Outgoing.text("one", Completion.NONE))).isTrue();
		assertThat(outbox.offerQueued(Outgoing.text("two", Completion.NONE))).as("flush asked for once").isFalse();
		assertThat(this.transport.writes).isEmpty();
		outbox.flushQueued();
		assertThat(this.transport.writes).containsExactly("async: [one, two]");
		assertThat(outbox.offerQueued(Outgoing.text("three", Completion.NONE))).as("written by the completion")
			.isFalse();
		this.transport.completeAsync(null);
		assertThat(this.transport.writes).containsExactly("async: [one, two]", "in place: three");
		assertThat(this.sent).containsExactly("text 3 B", "text 3 B", "text 5 B");
		assertThat(outbox.offerQueued(Outgoing.text("four", Completion.NONE))).isTrue();
	}

	@Test
	void repliesToMessagesReadTogetherWaitForTheLastOneReadAndLeaveWithOneFlush() {
		WritePermits permits = new WritePermits(1);
		Outbox outbox = outbox(permits);
		deliver(outbox, true, "one");
		deliver(outbox, true, "two");
		assertThat(this.transport.writes).containsExactly("held: one", "held: two");
		assertThat(permits.available()).isZero();
		deliver(outbox, false, "three");
		assertThat(this.transport.writes).containsExactly("held: one", "held: two", "held: three", "flush");
		assertThat(this.sent).containsExactly("text 3 B", "text 3 B", "text 5 B");
		assertThat(permits.available()).isEqualTo(1);
		assertThat(outbox.isIdle()).isTrue();
	}

	@Test
	void aMessageQueuedBehindHeldRepliesGoesBeforeTheNextReply() {
		Outbox outbox = outbox(new WritePermits(1));
		deliver(outbox, true, "one");
		outbox.offer(Outgoing.text("x".repeat(2000), Completion.NONE));
		assertThat(this.overflows).as("not charged while replies are held").isEmpty();
		assertThat(this.transport.writes).containsExactly("held: one");
		deliver(outbox, false, "two");
		assertThat(this.transport.writes).containsExactly("held: one", "flush", "in place: " + "x".repeat(2000),
				"in place: two");
		assertThat(outbox.isIdle()).isTrue();
	}

	@Test
	void heldRepliesAreAbandonedWithTheConnection() {
		WritePermits permits = new WritePermits(1);
		Outbox outbox = outbox(permits);
		deliver(outbox, true, "one");
		outbox.abandonBatch();
		assertThat(this.transport.writes).containsExactly("held: one", "abandon");
		assertThat(permits.available()).isEqualTo(1);
		assertThat(outbox.isIdle()).isTrue();
	}

	/** Deliver a message whose callback replies with its text, as the connection's handler does. */
	private static void deliver(Outbox outbox, boolean nextMessageRead, String reply) {
		outbox.startDelivery(nextMessageRead);
		outbox.replyInPlace(reply, reply.length());
		outbox.endDelivery(nextMessageRead);
	}

	private Outbox outbox(WritePermits permits) {
		return new Outbox(this.transport, 1024, new RecordingListener(), permits);
	}

	private class RecordingListener implements Outbox.Listener {

		@Override
		public void sent(boolean text, int size) {
			OutboxTests.this.sent.add((text ? "text " : "binary ") + size + " B");
		}

		@Override
		public void writeEnded() {
		}

		@Override
		public void overflowed(long waitingBytes) {
			OutboxTests.this.overflows.add(waitingBytes);
		}

		@Override
		public void writeFailed(Throwable failure) {
		}

		@Override
		public void closeRequested(Outgoing close) {
			OutboxTests.this.closes.add(close);
		}

	}

	private static final class RecordingTransport extends Transport {

		final List<String> writes = new CopyOnWriteArrayList<>();

		@Nullable Consumer<@Nullable Throwable> pending;

		@Nullable Throwable failInPlace;

		Runnable duringWrite = () -> {
		};

		boolean batches;

		@Override
		boolean batches() {
			return this.batches;
		}

		@Override
		void write(List<Outgoing> messages, Consumer<@Nullable Throwable> done) {
			this.writes.add("async: " + messages.stream().map(Outgoing::text).toList());
			this.pending = done;
		}

		@Override
		void write(Outgoing message, Consumer<@Nullable Throwable> done) {
			this.writes.add("async: " + message.text());
			this.duringWrite.run();
			this.pending = done;
		}

		void completeAsync(@Nullable Throwable failure) {
			Consumer<@Nullable Throwable> done = this.pending;
			this.pending = null;
			assertThat(done).isNotNull();
			done.accept(failure);
		}

		@Override
		@Nullable Throwable writeTextInPlace(String text) {
			this.writes.add("in place: " + text);
			this.duringWrite.run();
			return this.failInPlace;
		}

		@Override
		@Nullable Throwable writeBinaryInPlace(ByteBuffer data) {
			this.writes.add("in place: " + data.remaining() + " bytes");
			return this.failInPlace;
		}

		@Override
		@Nullable Throwable writeInPlace(List<Outgoing> messages) {
			this.writes.add("in place: " + messages.stream().map(Outgoing::text).toList());
			return this.failInPlace;
		}

		@Override
		@Nullable Throwable writeTextBatched(String text) {
			this.writes.add("held: " + text);
			return this.failInPlace;
		}

		@Override
		@Nullable Throwable flushBatch() {
			this.writes.add("flush");
			return null;
		}

		@Override
		void abandonBatch() {
			this.writes.add("abandon");
		}

		@Override
		void close(CloseStatus status) {
		}

	}

}
