package io.aerys.benchmarks.load;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Netty WebSocket connections on one event loop thread: the load generator runs on one core, and
 * one thread that never hands over work is what sustains most load on it.
 */
final class Client implements AutoCloseable {

	private final EventLoopGroup group;

	private final Bootstrap bootstrap;

	Client() {
		this(false);
	}

	/**
	 * Create a client.
	 * @param busyPoll whether the event loop polls the sockets without ever blocking, so that
	 * scheduled tasks run within microseconds of their time (not within the millisecond of a
	 * blocking select): for pacing, at the cost of a busy core
	 */
	Client(boolean busyPoll) {
		SelectStrategyFactory strategy = busyPoll ? () -> (selectNow, hasTasks) -> selectNow.get()
				: DefaultSelectStrategyFactory.INSTANCE;
		this.group = new MultiThreadIoEventLoopGroup(1,
				NioIoHandler.newFactory(SelectorProvider.provider(), strategy));
		this.bootstrap = new Bootstrap().group(this.group)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.SO_REUSEADDR, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
	}

	EventLoop loop() {
		return this.group.next();
	}

	/**
	 * Open connections with the system's socket receive buffer.
	 * @param uri the endpoint
	 * @param count how many
	 * @param sourceAddresses how many loopback source addresses to use, 0 for the default
	 * @param listener told about messages and closes, on the event loop
	 * @return the connections, in order
	 * @throws Exception if one fails to connect
	 * @see #connect(URI, int, int, int, Listener)
	 */
	List<Connection> connect(URI uri, int count, int sourceAddresses, Listener listener) throws Exception {
		return connect(uri, count, sourceAddresses, 0, listener);
	}

	/**
	 * Open connections, at most {@code concurrency} handshakes at a time, rotating over source
	 * addresses so that many connections to one port do not run out of ephemeral ports.
	 * @param uri the endpoint
	 * @param count how many
	 * @param sourceAddresses how many loopback source addresses to use (127.0.0.2 and up), 0 for the default
	 * @param receiveBuffer the socket receive buffer in bytes, 0 for the system's default
	 * @param listener told about messages and closes, on the event loop
	 * @return the connections, in order
	 * @throws Exception if one fails to connect
	 */
	List<Connection> connect(URI uri, int count, int sourceAddresses, int receiveBuffer, Listener listener)
			throws Exception {
		// Below Tomcat's accept queue of 100, so that no SYN is dropped and retried a second later.
		int concurrency = 64;
		Semaphore permits = new Semaphore(concurrency);
		List<CompletableFuture<Connection>> futures = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Handshakes stalled after " + i + " connections");
			}
			@Nullable InetSocketAddress source = (sourceAddresses > 0)
					? new InetSocketAddress("127.0.0." + (2 + i % sourceAddresses), 0) : null;
			CompletableFuture<Connection> future = connect(uri, i, source, receiveBuffer, listener);
			future.whenComplete((connection, failure) -> permits.release());
			futures.add(future);
		}
		List<Connection> connections = new ArrayList<>(count);
		for (CompletableFuture<Connection> future : futures) {
			connections.add(future.get(60, TimeUnit.SECONDS));
		}
		return connections;
	}

	private CompletableFuture<Connection> connect(URI uri, int index, @Nullable InetSocketAddress source,
			int receiveBuffer, Listener listener) {
		CompletableFuture<Connection> opened = new CompletableFuture<>();
		WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri,
				WebSocketVersion.V13, null, false, EmptyHttpHeaders.INSTANCE, 1 << 24);
		Bootstrap bootstrap = this.bootstrap.clone();
		if (receiveBuffer > 0) {
			bootstrap.option(ChannelOption.SO_RCVBUF, receiveBuffer);
		}
		bootstrap.handler(new ChannelInitializer<SocketChannel>() {
			@Override
			protected void initChannel(SocketChannel channel) {
				channel.pipeline()
					.addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
							new Handler(handshaker, index, opened, listener));
			}
		});
		InetSocketAddress remote = new InetSocketAddress(uri.getHost(), uri.getPort());
		ChannelFuture connect = (source != null) ? bootstrap.connect(remote, source) : bootstrap.connect(remote);
		connect.addListener((ChannelFuture future) -> {
			if (!future.isSuccess()) {
				opened.completeExceptionally(future.cause());
			}
		});
		return opened;
	}

	/**
	 * A payload of {@code size} ASCII bytes, shared by every send and never released.
	 * @param size the size in bytes
	 * @return the payload
	 */
	static ByteBuf payload(int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) ('a' + i % 26);
		}
		return Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeBytes(bytes));
	}

	void closeAll(List<Connection> connections) throws InterruptedException {
		List<ChannelFuture> closes = new ArrayList<>();
		for (Connection connection : connections) {
			closes.add(connection.channel.close());
		}
		for (ChannelFuture close : closes) {
			close.await(10, TimeUnit.SECONDS);
		}
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
	}

	/**
	 * Told, on the event loop, what happens to connections once open.
	 */
	interface Listener {

		/**
		 * A whole message (its last fragment) arrived.
		 * @param connection the connection
		 * @param bytes the bytes of this fragment
		 */
		void message(Connection connection, int bytes);

		default void closed(Connection connection) {
		}

	}

	private static final class Handler extends ChannelInboundHandlerAdapter {

		private final WebSocketClientHandshaker handshaker;

		private final int index;

		private final CompletableFuture<Connection> opened;

		private final Listener listener;

		private @Nullable Connection connection;

		Handler(WebSocketClientHandshaker handshaker, int index, CompletableFuture<Connection> opened,
				Listener listener) {
			this.handshaker = handshaker;
			this.index = index;
			this.opened = opened;
			this.listener = listener;
		}

		@Override
		public void channelActive(ChannelHandlerContext context) {
			this.handshaker.handshake(context.channel());
		}

		@Override
		public void channelRead(ChannelHandlerContext context, Object message) {
			try {
				if (!this.handshaker.isHandshakeComplete()) {
					this.handshaker.finishHandshake(context.channel(), (FullHttpResponse) message);
					this.connection = new Connection(context.channel(), this.index);
					this.opened.complete(this.connection);
				}
				else if (message instanceof PingWebSocketFrame ping) {
					context.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
				}
				else if (message instanceof CloseWebSocketFrame) {
					context.close();
				}
				else if (message instanceof WebSocketFrame frame && frame.isFinalFragment()) {
					this.listener.message(this.connection, frame.content().readableBytes());
				}
			}
			finally {
				ReferenceCountUtil.release(message);
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext context) {
			if (!this.opened.isDone()) {
				this.opened.completeExceptionally(new IllegalStateException("Closed during the handshake"));
			}
			else if (this.connection != null) {
				this.connection.closed = true;
				this.listener.closed(this.connection);
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
			if (!this.opened.isDone()) {
				this.opened.completeExceptionally(cause);
			}
			context.close();
		}

	}

}
