package com.pulse.messaging.realtime;

import java.util.ArrayDeque;
import java.util.Queue;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The sends of one connection that are accepted (their seq is reserved, so their order is fixed) but not yet
 * answered. A connection reads its next frame while earlier sends are being stored, up to this many; past
 * that it waits for one to be answered. Answers ({@code ack} or {@code error}) go out in the order the sends
 * were accepted, whichever is stored first. Frames are handled one at a time, so at most one caller waits.
 */
final class SendWindow {

	/** One accepted send's place in line; its answer waits here until those before it have gone out. */
	static final class Turn {

		private Runnable answer;

	}

	private final int size;

	/** Guarded by this. */
	private final Queue<Turn> line = new ArrayDeque<>();

	/** Guarded by this. */
	private Sinks.Empty<Void> waiter;

	SendWindow(int size) {
		this.size = size;
	}

	/** Completes when another send may start. */
	synchronized Mono<Void> slot() {
		if (this.line.size() < this.size) {
			return Mono.empty();
		}
		this.waiter = Sinks.empty();
		return this.waiter.asMono();
	}

	/** Takes a place in line for a send just accepted. */
	synchronized Turn started() {
		Turn turn = new Turn();
		this.line.add(turn);
		return turn;
	}

	/**
	 * The send of this turn is done: its answer goes out now if every earlier one has, else after them.
	 * Answers run under the lock, so they reach the connection's queue in order; they only enqueue a frame.
	 */
	void finished(Turn turn, Runnable answer) {
		Sinks.Empty<Void> freed = null;
		synchronized (this) {
			turn.answer = answer;
			while (!this.line.isEmpty() && this.line.peek().answer != null) {
				this.line.poll().answer.run();
			}
			if (this.waiter != null && this.line.size() < this.size) {
				freed = this.waiter;
				this.waiter = null;
			}
		}
		if (freed != null) {
			freed.tryEmitEmpty();
		}
	}

}
