package io.aerys.websocket.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.aerys.websocket.ClientInfo;
import io.aerys.websocket.invoke.ClientContext;
import io.aerys.websocket.invoke.Invocation;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * One connected client of an endpoint: its connection, its serial mailbox, its outbound queue and
 * its counters. Counters have a single writer each (the reading thread for received, the write
 * completion for sent), so they are volatile fields written with release stores: readers see
 * each value whole and in order, and the message path pays no memory fence for them. They are
 * also the endpoint's counts, which {@link EndpointStats} adds up when read and keeps once the
 * client is {@link #retire() retired}.
 */
final class Client implements ClientContext, Outbox.Listener, Mailbox.MessageTask {

	private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

	private static final VarHandle FRAMES_RECEIVED = FieldHandles.of(LOOKUP, "framesReceived", long.class);

	private static final VarHandle TEXT_RECEIVED = FieldHandles.of(LOOKUP, "textReceived", long.class);

	private static final VarHandle BINARY_RECEIVED = FieldHandles.of(LOOKUP, "binaryReceived", long.class);

	private static final VarHandle BYTES_RECEIVED = FieldHandles.of(LOOKUP, "bytesReceived", long.class);

	private static final VarHandle TEXT_SENT = FieldHandles.of(LOOKUP, "textSent", long.class);

	private static final VarHandle BINARY_SENT = FieldHandles.of(LOOKUP, "binarySent", long.class);

	private static final VarHandle BYTES_SENT = FieldHandles.of(LOOKUP, "bytesSent", long.class);

	private static final VarHandle CLOSING = FieldHandles.of(LOOKUP, "closing", boolean.class);

	private static final VarHandle DROPPED = FieldHandles.of(LOOKUP, "dropped", boolean.class);

	private static final VarHandle PAUSES = FieldHandles.of(LOOKUP, "pauses", int.class);

	/** How long a close waits for the write in flight to end. */
	private static final Duration WRITE_END_GRACE = Duration.ofSeconds(1);

	private final long id;

	private final Long boxedId;

	private final DefaultEndpoint endpoint;

	private final WebSocketSession session;

	private final Handshake handshake;

	private final Transport transport;

	final Mailbox mailbox;

	final Outbox outbox;

	final MessageAssembler assembler;

	final MessageStreams streams;

	/** Calls {@code @OnData} with each message; made once, so a message costs no invocation object. */
	final Invocation messageInvocation;

	private final Instant connectedAt = Instant.now();

	private final Set<String> groups = ConcurrentHashMap.newKeySet();

	/* The flags and counts below are fields of the client, not objects of their own (FieldHandles). */

	private volatile boolean closing;

	private volatile boolean dropped;

	private final CompletableFuture<Void> closed = new CompletableFuture<>();

	private final int maxPendingMessages;

	private volatile boolean readingPaused;

	/** Why reading is paused: the mailbox is behind, the inbound rate is spent, or both. */
	private volatile int pauses;

	private final @Nullable InboundRate inboundRate;

	/** Frames received, pongs included: the watchdog times them at its looks. */
	private volatile long framesReceived;

	/*
	 * Frames and data messages are timed at the watchdog's looks rather than with a clock read per
	 * frame: when it first saw their counts at the current value. Written by the watchdog only.
	 */

	private long framesSeen;

	private long frameSeenAt = System.nanoTime();

	private long dataSeen;

	/** When the watchdog first saw the data messages received and sent at their current count. */
	private volatile long dataSeenAt = this.frameSeenAt;

	private volatile long lastPingAt = this.frameSeenAt;

	/** The number of the write the watchdog saw in progress, and when it first saw it: for the watchdog only. */
	private long watchedWrite;

	private long watchedWriteSince;

	/** {@link System#nanoTime()} of the first part of a message not yet complete, or 0. */
	private volatile long messageStartedAt;

	private volatile long textReceived;

	private volatile long binaryReceived;

	private volatile long bytesReceived;

	private volatile long textSent;

	private volatile long binarySent;

	private volatile long bytesSent;

	/** Whether the endpoint's counts no longer read this client's counters: see {@link #retire()}. */
	private volatile boolean retired;

	/** The counters the endpoint's counts hold since the client retired, guarded by its stats. */
	long @Nullable [] settled;

	Client(DefaultEndpoint endpoint, WebSocketSession session, Handshake handshake, EndpointRuntime runtime) {
		this.id = handshake.clientId();
		this.boxedId = this.id;
		this.endpoint = endpoint;
		this.session = session;
		this.handshake = handshake;
		this.transport = Transport.of(session, runtime.executor(), runtime.settings().sendTimeLimit());
		this.mailbox = new Mailbox(runtime.executor(), this::resumeReadingIfDrained);
		this.maxPendingMessages = runtime.settings().maxPendingMessages();
		EndpointSettings settings = runtime.settings();
		this.inboundRate = (settings.inboundMessagesPerSecond() > 0 || settings.inboundBytesPerSecond() > 0)
				? new InboundRate(settings.inboundMessagesPerSecond(), settings.inboundBytesPerSecond()) : null;
		this.outbox = new Outbox(this.transport, runtime.settings().sendBufferLimit(), this, runtime.writePermits());
		this.assembler = new MessageAssembler(runtime.settings());
		this.streams = new MessageStreams(endpoint);
		this.messageInvocation = Invocation.forMessages(endpoint, this);
	}

	@Override
	public Long id() {
		return this.boxedId;
	}

	long longId() {
		return this.id;
	}

	/**
	 * Hand a whole message to the endpoint's {@code @OnData}: the client is its own
	 * {@link #mailbox} task for its messages, so a message costs no task object, and the JIT one
	 * frame between the mailbox and the invoker where a lambda takes two.
	 * @param message the message
	 * @param size its size in bytes
	 * @return {@code null}, or the stage the client's next callback waits for
	 */
	@Override
	public @Nullable CompletionStage<?> run(Object message, long size) {
		return this.endpoint.invoker().data(this, message, size);
	}

	WebSocketSession session() {
		return this.session;
	}

	Transport transport() {
		return this.transport;
	}

	@Override
	public @Nullable Principal principal() {
		return this.session.getPrincipal();
	}

	@Override
	public Map<String, String> pathVariables() {
		return this.handshake.pathVariables();
	}

	@Override
	public @Nullable Object handshakeData() {
		return this.handshake.data();
	}

	@Override
	public ClientInfo info() {
		InetSocketAddress remoteAddress = this.session.getRemoteAddress();
		HttpHeaders headers = HttpHeaders.readOnlyHttpHeaders(this.session.getHandshakeHeaders());
		return new ClientInfo(this.id, this.endpoint.path(), remoteAddress, principal(),
				this.session.getAcceptedProtocol(), headers, this.connectedAt, lastActivityAt(),
				this.textReceived + this.binaryReceived, this.textSent + this.binarySent, this.bytesReceived,
				this.bytesSent);
	}

	/** The time of the last data message as the watchdog saw it, on the wall clock. */
	private Instant lastActivityAt() {
		Instant at = Instant.now().minusNanos(System.nanoTime() - this.dataSeenAt);
		return at.isBefore(this.connectedAt) ? this.connectedAt : at;
	}

	/**
	 * Return for how long the watchdog has seen the same write in progress, calling this at each
	 * of its looks: the send time limit is timed there rather than with a clock read per write.
	 * @param now {@link System#nanoTime()} of this look
	 * @return the nanoseconds, 0 if nothing is being written
	 */
	long writingFor(long now) {
		long writing = this.outbox.writing();
		if (writing == 0 || writing != this.watchedWrite) {
			this.watchedWrite = writing;
			this.watchedWriteSince = now;
			return 0;
		}
		return now - this.watchedWriteSince;
	}

	/**
	 * Return when a frame (pongs included) last arrived from the client, calling this at each of
	 * the watchdog's looks: a frame counts from the first look that sees it.
	 * @param now {@link System#nanoTime()} of this look
	 * @return {@link System#nanoTime()} of that look, or of the client's connection
	 */
	long lastFrameAt(long now) {
		long frames = this.framesReceived;
		if (frames != this.framesSeen) {
			this.framesSeen = frames;
			this.frameSeenAt = now;
		}
		return this.frameSeenAt;
	}

	/**
	 * Return when the client last received or sent a data message, calling this at each of the
	 * watchdog's looks: a message counts from the first look that sees it.
	 * @param now {@link System#nanoTime()} of this look
	 * @return {@link System#nanoTime()} of that look, or of the client's connection
	 */
	long lastDataAt(long now) {
		long data = this.textReceived + this.binaryReceived + this.textSent + this.binarySent;
		if (data != this.dataSeen) {
			this.dataSeen = data;
			this.dataSeenAt = now;
		}
		return this.dataSeenAt;
	}

	long lastPingAt() {
		return this.lastPingAt;
	}

	void pinged(long now) {
		this.lastPingAt = now;
	}

	/**
	 * Note a part of a message (or a pong) arriving. Only the first part of a message in parts
	 * reads the clock, for the message timeout.
	 * @param last whether the part ends its message
	 */
	void frameReceived(boolean last) {
		FRAMES_RECEIVED.setRelease(this, this.framesReceived + 1);
		if (!last) {
			if (this.messageStartedAt == 0) {
				this.messageStartedAt = System.nanoTime() | 1;
			}
		}
		else if (this.messageStartedAt != 0) {
			this.messageStartedAt = 0;
		}
	}

	long messageStartedAt() {
		return this.messageStartedAt;
	}

	/**
	 * Pause reading from the client once more messages wait for its callbacks than allowed: the
	 * client's sends then wait in its TCP window rather than in the heap.
	 */
	void pauseReadingIfBehind() {
		if (this.maxPendingMessages > 0 && !this.readingPaused && this.mailbox.size() > this.maxPendingMessages) {
			this.readingPaused = pause();
		}
	}

	private void resumeReadingIfDrained() {
		if (this.readingPaused && this.mailbox.size() <= this.maxPendingMessages / 2 + 1) {
			this.readingPaused = false;
			resume();
		}
	}

	private boolean pause() {
		if ((int) PAUSES.getAndAdd(this, 1) == 0 && !this.transport.pauseReading()) {
			PAUSES.getAndAdd(this, -1);
			return false;
		}
		return true;
	}

	private void resume() {
		if ((int) PAUSES.getAndAdd(this, -1) == 1) {
			this.transport.resumeReading();
		}
	}

	/**
	 * Pause reading for as long as the client's inbound rate is overspent.
	 * @param bytes the size of the message just received
	 */
	private void throttle(long bytes) {
		InboundRate rate = this.inboundRate;
		if (rate == null) {
			return;
		}
		long wait = rate.take(bytes);
		if (wait > 0 && pause()) {
			this.endpoint.runtime().timer().schedule(this::resume, wait, java.util.concurrent.TimeUnit.NANOSECONDS);
		}
	}

	boolean isReadingPaused() {
		return this.readingPaused;
	}

	/**
	 * Return whether the container goes on reading from the client: reading is paused for
	 * neither the mailbox nor the inbound rate, and the client is not closing.
	 * @return whether reading goes on
	 */
	boolean readsOn() {
		return this.pauses == 0 && !this.closing;
	}

	/**
	 * Send a message to the client: written in place when its own callback sends and nothing waits
	 * before the message, else queued.
	 * @param message the message
	 */
	void send(Outgoing message) {
		if (this.mailbox.isRunningOnCallingThread()) {
			this.outbox.offerInPlace(message);
		}
		else {
			this.outbox.offer(message);
		}
	}

	/**
	 * Send a callback's text reply to the client: as {@link #send}, but its own callback writes it
	 * without making an {@link Outgoing}.
	 * @param text the text
	 * @param size its length in UTF-8
	 */
	void reply(String text, int size) {
		if (this.mailbox.isRunningOnCallingThread()) {
			this.outbox.replyInPlace(text, size);
		}
		else {
			this.outbox.offer(Outgoing.text(text, size, Completion.NONE));
		}
	}

	/**
	 * Queue one message of a multicast to the client, for a {@link Flusher} to write; its own
	 * callback gets it {@link #send sent} at once instead.
	 * @param message the message
	 * @return whether the outbox must be given to the flusher
	 */
	boolean sendQueued(Outgoing message) {
		if (this.mailbox.isRunningOnCallingThread()) {
			this.outbox.offerInPlace(message);
			return false;
		}
		return this.outbox.offerQueued(message);
	}

	Set<String> groups() {
		return this.groups;
	}

	/**
	 * Count a whole message received. The caller then hands the message to the
	 * {@link #mailbox}, whose count is the write that {@link #retire()} reads, and calls
	 * {@link #settleIfRetired()}.
	 * @param binary whether it is binary
	 * @param bytes its size
	 */
	void received(boolean binary, long bytes) {
		if (binary) {
			BINARY_RECEIVED.setRelease(this, this.binaryReceived + 1);
		}
		else {
			TEXT_RECEIVED.setRelease(this, this.textReceived + 1);
		}
		BYTES_RECEIVED.setRelease(this, this.bytesReceived + bytes);
		throttle(bytes);
	}

	/**
	 * Stop the endpoint's counts from reading this client's counters, for {@link EndpointStats}
	 * only, which keeps what they hold. A counter written later is settled by its writer: each
	 * writer writes its counter, then the outbox's busy flag or the mailbox's count, then reads
	 * {@link #retired}; this writes {@link #retired}, then reads both, then the counters. Of two
	 * threads that each write one and read the other, at least one sees the other's write, so no
	 * count is missed, and the stats' lock keeps any from being counted twice.
	 * @return the counters now
	 */
	long[] retire() {
		this.retired = true;
		// Read for their order only: the writers' busy flag and count, after retired, before the counters.
		this.outbox.isIdle();
		this.mailbox.size();
		return traffic();
	}

	boolean isRetired() {
		return this.retired;
	}

	/**
	 * Hand the endpoint's stats a counter written since the client {@link #retire() retired}.
	 */
	void settleIfRetired() {
		if (this.retired) {
			this.endpoint.stats().settle(this);
		}
	}

	/**
	 * Return the counters, in the order of {@link EndpointStats}'s indexes.
	 * @return text and binary messages and bytes received, then the same sent
	 */
	long[] traffic() {
		return new long[] { this.textReceived, this.binaryReceived, this.bytesReceived, this.textSent,
				this.binarySent, this.bytesSent };
	}

	/**
	 * Start closing the client once: stop its outbox and close the connection.
	 * @param status the close status the client sees
	 */
	void close(CloseStatus status) {
		close(status, true);
	}

	/**
	 * Start closing the client once: stop its outbox and close the connection.
	 * @param status the close status the client sees
	 * @param reading whether the client reads, so that its close frame is worth waiting for (up to
	 * the send time limit) when the socket is full; a client that stopped reading gets Tomcat's 50 ms
	 */
	void close(CloseStatus status, boolean reading) {
		if (!CLOSING.compareAndSet(this, false, true)) {
			return;
		}
		this.outbox.shutdown();
		Runnable closeTransport = () -> closeTransport(status, reading);
		if (this.outbox.afterWrites(() -> execute(closeTransport))) {
			closeTransport.run();
			return;
		}
		// A client that reads nothing never ends its write; no part of it moves, so close anyway.
		// One that reads gets as long as any send may take.
		Duration writeEndGrace = reading ? this.endpoint.runtime().settings().sendTimeLimit() : WRITE_END_GRACE;
		try {
			this.endpoint.runtime()
				.timer()
				.schedule(this.outbox::runAfterWrites, writeEndGrace.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			this.outbox.runAfterWrites();
		}
	}

	private void closeTransport(CloseStatus status, boolean reading) {
		try {
			if (reading) {
				// The close frame may wait for the messages before it to drain.
				this.transport.close(status, this.endpoint.runtime().settings().sendTimeLimit());
			}
			else {
				this.transport.close(status);
			}
		}
		catch (Exception ex) {
			this.endpoint.runtime().logger().debug("Failed to close client " + this.id, ex);
		}
	}

	/** Run off a thread that completes a write: closing writes a close frame and may block. */
	private void execute(Runnable action) {
		try {
			this.endpoint.runtime().executor().execute(action);
		}
		catch (RejectedExecutionException ex) {
			action.run();
		}
	}

	/**
	 * Mark the client as dropped for breaking a limit.
	 * @return whether this call marked it (false if it was dropped or closing already)
	 */
	boolean markDropped() {
		return !this.closing && DROPPED.compareAndSet(this, false, true);
	}

	boolean isClosing() {
		return this.closing;
	}

	CompletableFuture<Void> closed() {
		return this.closed;
	}

	@Override
	public void sent(boolean text, int size) {
		if (text) {
			TEXT_SENT.setRelease(this, this.textSent + 1);
		}
		else {
			BINARY_SENT.setRelease(this, this.binarySent + 1);
		}
		BYTES_SENT.setRelease(this, this.bytesSent + size);
	}

	@Override
	public void writeEnded() {
		settleIfRetired();
	}

	@Override
	public void overflowed(long waitingBytes) {
		this.endpoint.drop(this, DropReason.SLOW, "send buffer limit exceeded");
	}

	@Override
	public void writeFailed(Throwable failure) {
		this.endpoint.runtime().executor().execute(() -> close(CloseStatus.SESSION_NOT_RELIABLE, false));
	}

	@Override
	public void closeRequested(Outgoing close) {
		this.endpoint.runtime().executor().execute(() -> {
			close(close.close());
			this.closed.whenComplete((result, failure) -> close.completion().done(null));
		});
	}

	@Override
	public String toString() {
		return "client " + this.id + " of " + this.endpoint.path();
	}

}
