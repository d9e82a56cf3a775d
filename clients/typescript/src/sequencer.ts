// Exactly once, in seq order, per conversation: the highest seq delivered is the cursor; anything at or
// below it is a duplicate; the next seq is delivered at once (with whatever was held behind it); a jump
// over a missing seq is held until a `sync` from the cursor has answered
// (API.md v2: once seq N is visible, every lower seq that will ever exist is readable, so whatever the
// sync did not return was burned and stays a gap).

import type { Message } from './types.js';

export type Offer = 'delivered' | 'duplicate' | 'held' | 'gap';

export class MessageSequencer {
  private readonly highest = new Map<string, number>();
  private readonly held = new Map<string, Map<number, Message>>();
  private readonly catchingUp = new Set<string>();

  constructor(private readonly deliver: (message: Message) => void) {}

  /** Sets a conversation's cursor (e.g. its `last_seq` when the app loaded its history); never moves it back. */
  track(conversationId: string, seq: number): void {
    const current = this.highest.get(conversationId);
    if (current === undefined || seq > current) this.highest.set(conversationId, seq);
  }

  cursor(conversationId: string): number | undefined {
    return this.highest.get(conversationId);
  }

  /** Every tracked conversation's cursor, the map `sync` takes. */
  cursors(): Record<string, number> {
    return Object.fromEntries(this.highest);
  }

  isCatchingUp(conversationId: string): boolean {
    return this.catchingUp.has(conversationId);
  }

  /**
   * A message from `message.new`, a sync replay or a send's ack. `gap`: it was held because a seq is
   * missing before it; the caller should `sync` the conversation from its cursor, then `endCatchUp`.
   */
  offer(message: Message): Offer {
    const id = message.conversation_id;
    const cursor = this.highest.get(id);
    if (cursor !== undefined && message.seq <= cursor) return 'duplicate';
    if (cursor === undefined || message.seq === cursor + 1) {
      this.emit(message);
      this.drain(id);
      return 'delivered';
    }
    const held = this.heldOf(id);
    if (held.has(message.seq)) return 'duplicate';
    held.set(message.seq, message);
    if (this.catchingUp.has(id)) return 'held';
    this.catchingUp.add(id);
    return 'gap';
  }

  /**
   * A sync page ended (`has_more`) without moving the cursor: the lowest held message follows a burned seq
   * (the replay is ascending from the cursor). Delivers it and what follows it without a gap.
   */
  skipGap(conversationId: string): void {
    const held = this.held.get(conversationId);
    if (!held || held.size === 0) return;
    const lowest = Math.min(...held.keys());
    const message = held.get(lowest)!;
    held.delete(lowest);
    this.emit(message);
    this.drain(conversationId);
  }

  /** Holds live messages of these conversations until `endCatchUp` (a sync from their cursors is under way). */
  beginCatchUp(conversationIds: Iterable<string>): void {
    for (const id of conversationIds) this.catchingUp.add(id);
  }

  /** The sync answered (`sync.done` without `has_more`): delivers what was held, ascending. */
  endCatchUp(conversationIds: Iterable<string> = [...this.catchingUp]): void {
    for (const id of [...conversationIds]) {
      this.catchingUp.delete(id);
      const held = this.held.get(id);
      if (!held) continue;
      this.held.delete(id);
      for (const seq of [...held.keys()].sort((a, b) => a - b)) {
        const cursor = this.highest.get(id);
        if (cursor === undefined || seq > cursor) this.emit(held.get(seq)!);
      }
    }
  }

  /** Delivers held messages that follow the cursor without a gap. */
  private drain(id: string): void {
    const held = this.held.get(id);
    if (!held) return;
    for (let next = this.highest.get(id)! + 1; held.has(next); next++) {
      const message = held.get(next)!;
      held.delete(next);
      this.emit(message);
    }
    if (held.size === 0) this.held.delete(id);
  }

  private emit(message: Message): void {
    this.highest.set(message.conversation_id, message.seq);
    this.deliver(message);
  }

  private heldOf(id: string): Map<number, Message> {
    let held = this.held.get(id);
    if (!held) this.held.set(id, (held = new Map()));
    return held;
  }
}
