package io.aerys.websocket.server;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;

/**
 * Runs the callbacks of one client one at a time, in submission order. A task submitted while
 * nothing runs is run at once on the submitting thread (the container thread that read the
 * message), so the usual path costs one compare-and-set; otherwise it waits its turn. A task that
 * returns an incomplete {@link CompletionStage} holds back the next one until the stage completes.
 */
final class Mailbox {

	/** Runs a whole {@link Task}, passed as the message, so that both kinds share one path. */
	private static final MessageTask WHOLE = (task, unused) -> ((Task) task).run();

	private static final VarHandle PENDING = FieldHandles.of(MethodHandles.lookup(), "pending", int.class);

	private final Queue<Task> queue = new ConcurrentLinkedQueue<>();

	/** Tasks queued or running: 0 means idle. A field, not an AtomicInteger (FieldHandles). */
	private volatile int pending;

	private final Executor executor;

	private final Runnable afterTask;

	/**
	 * The thread running a task now. Only that thread compares it with itself, and it wrote the
	 * value, so a plain field is enough: another thread never mistakes a stale value for itself.
	 */
	private @Nullable Thread runner;

	/**
	 * Create a mailbox.
	 * @param executor runs tasks that may not run on the submitting thread
	 * @param afterTask runs after each task, on the thread that ran it
	 */
	Mailbox(Executor executor, Runnable afterTask) {
		this.executor = executor;
		this.afterTask = afterTask;
	}

	/**
	 * Run a task on the calling thread if the mailbox is idle, else after the tasks before it.
	 * @param task the task
	 */
	void run(Task task) {
		run(WHOLE, task, 0);
	}

	/**
	 * Run a message task on the calling thread if the mailbox is idle, else after the tasks before
	 * it. Unlike {@link #run(Task)}, the usual path allocates nothing: the task is made once per
	 * client, and bound to its message only if it has to wait.
	 * @param task the task
	 * @param message what the task is given
	 * @param size what the task is given with it
	 */
	void run(MessageTask task, Object message, long size) {
		if (PENDING.compareAndSet(this, 0, 1)) {
			if (runOne(task, message, size)) {
				finishOne();
			}
			return;
		}
		this.queue.offer((task == WHOLE) ? (Task) message : () -> task.run(message, size));
		if ((int) PENDING.getAndAdd(this, 1) == 0) {
			drain();
		}
	}

	/**
	 * Run a task after the tasks before it, never on the calling thread.
	 * @param task the task
	 */
	void runAsync(Task task) {
		this.queue.offer(task);
		if ((int) PENDING.getAndAdd(this, 1) == 0) {
			this.executor.execute(this::drain);
		}
	}

	/**
	 * Return how many tasks wait or run.
	 * @return the number of tasks
	 */
	int size() {
		return this.pending;
	}

	private void drain() {
		do {
			Task task = this.queue.poll();
			if (task != null && !runOne(WHOLE, task, 0)) {
				return;
			}
			this.afterTask.run();
		}
		while (leaveOne() != 0);
	}

	private void finishOne() {
		this.afterTask.run();
		if (leaveOne() != 0) {
			drain();
		}
	}

	/** Count a task done; return how many are still queued or running. */
	private int leaveOne() {
		return (int) PENDING.getAndAdd(this, -1) - 1;
	}

	/**
	 * Return whether the calling thread is running a task of this mailbox: the client's own
	 * callback, which may wait for the client's socket without holding back anyone else.
	 * @return whether a task runs on the calling thread
	 */
	boolean isRunningOnCallingThread() {
		return this.runner == Thread.currentThread();
	}

	/** Run one task; return false if it holds the mailbox until its stage completes. */
	private boolean runOne(MessageTask task, Object message, long size) {
		CompletionStage<?> stage;
		this.runner = Thread.currentThread();
		try {
			stage = task.run(message, size);
		}
		finally {
			this.runner = null;
		}
		if (stage == null || (stage instanceof Future<?> future && future.isDone())) {
			return true;
		}
		stage.whenComplete((result, failure) -> this.executor.execute(this::finishOne));
		return false;
	}

	/**
	 * A unit of work of one client. It handles its own failures.
	 */
	@FunctionalInterface
	interface Task {

		/**
		 * Run the task.
		 * @return {@code null}, or a stage the next task must wait for
		 */
		@Nullable CompletionStage<?> run();

	}

	/**
	 * A task run for each message of one client. It handles its own failures.
	 */
	@FunctionalInterface
	interface MessageTask {

		/**
		 * Run the task for one message.
		 * @param message the message
		 * @param size its size in bytes
		 * @return {@code null}, or a stage the next task must wait for
		 */
		@Nullable CompletionStage<?> run(Object message, long size);

	}

}
