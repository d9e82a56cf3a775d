// Typing indicator out: at most one `typing start` per conversation every `minIntervalMs` (the server's own
// limit is one each 2 s), and a `typing stop` once the user has been idle for `idleMs`.

export interface TypingOptions {
  minIntervalMs?: number;
  idleMs?: number;
}

interface State {
  lastStart: number;
  idle: ReturnType<typeof setTimeout>;
}

export class TypingThrottle {
  private readonly states = new Map<string, State>();
  private readonly minIntervalMs: number;
  private readonly idleMs: number;

  constructor(
    private readonly send: (conversationId: string, state: 'start' | 'stop') => void,
    options: TypingOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.minIntervalMs = Math.max(2000, options.minIntervalMs ?? 2000);
    this.idleMs = options.idleMs ?? 3000;
  }

  /** The user typed in a conversation (call it on every input event). */
  keystroke(conversationId: string): void {
    const state = this.states.get(conversationId);
    const now = this.now();
    if (state) clearTimeout(state.idle);
    const idle = setTimeout(() => this.stop(conversationId), this.idleMs);
    if (!state || now - state.lastStart >= this.minIntervalMs) {
      this.states.set(conversationId, { lastStart: now, idle });
      this.send(conversationId, 'start');
    } else {
      state.idle = idle;
    }
  }

  /** The user stopped (sent the message, left the conversation): `stop` if a `start` is showing. */
  stop(conversationId: string): void {
    const state = this.states.get(conversationId);
    if (!state) return;
    clearTimeout(state.idle);
    this.states.delete(conversationId);
    this.send(conversationId, 'stop');
  }

  /** The connection is gone: forget without sending (the server stops the indicator itself). */
  reset(): void {
    for (const state of this.states.values()) clearTimeout(state.idle);
    this.states.clear();
  }
}
