// Sends waiting for their ack. A send keeps its client_message_id (and ref) for life, so resending it after
// a reconnect never stores a second message: the server answers the stored one.

import { ClientClosedError, PayloadTooLargeError, PulseApiError } from './errors.js';
import { MAX_FRAME_BYTES, type ClientFrame, type Message } from './types.js';

export type SendFrame = Extract<ClientFrame, { type: 'message.send' }>;

interface Entry {
  frame: SendFrame;
  json: string;
  bytes: number;
  /** The connection it was last written to, or undefined while it waits to be (re)sent. */
  sentOn?: number;
  resolve: (message: Message) => void;
  reject: (error: Error) => void;
}

const encoder = new TextEncoder();

export class Outbox {
  private readonly entries = new Map<string, Entry>();

  /** Queues a send; the promise answers the stored message, or a typed error. */
  enqueue(frame: SendFrame): Promise<Message> {
    return new Promise<Message>((resolve, reject) => {
      const json = JSON.stringify(frame);
      const bytes = encoder.encode(json).length;
      if (bytes > MAX_FRAME_BYTES) {
        reject(tooBig(bytes));
        return;
      }
      this.entries.set(frame.ref, { frame, json, bytes, resolve, reject });
    });
  }

  get size(): number {
    return this.entries.size;
  }

  has(ref: string): boolean {
    return this.entries.has(ref);
  }

  /** Frames not yet written to connection `generation`, oldest first; marks them written. */
  takeUnsent(generation: number): string[] {
    const out: string[] = [];
    for (const entry of this.entries.values()) {
      if (entry.sentOn !== generation) {
        entry.sentOn = generation;
        out.push(entry.json);
      }
    }
    return out;
  }

  /** The ack: answers the send's promise with the stored message. */
  acknowledge(ref: string, message: Message): boolean {
    const entry = this.entries.get(ref);
    if (!entry) return false;
    this.entries.delete(ref);
    entry.resolve(message);
    return true;
  }

  /** An error the send must not be retried after. */
  fail(ref: string, error: Error): boolean {
    const entry = this.entries.get(ref);
    if (!entry) return false;
    this.entries.delete(ref);
    entry.reject(error);
    return true;
  }

  /** A refusal worth retrying (rate limited, unavailable): it will be written again on the next flush. */
  retryLater(ref: string): void {
    const entry = this.entries.get(ref);
    if (entry) entry.sentOn = undefined;
  }

  /** The connection is gone: everything unacknowledged waits to be resent. */
  connectionLost(): void {
    for (const entry of this.entries.values()) entry.sentOn = undefined;
  }

  /**
   * The server closed with 1009 (too big): the largest send written to that connection is the culprit;
   * it is rejected and never resent. Returns its ref.
   */
  dropOversized(generation: number): string | undefined {
    let culprit: [string, Entry] | undefined;
    for (const item of this.entries) {
      if (item[1].sentOn === generation && (!culprit || item[1].bytes > culprit[1].bytes)) culprit = item;
    }
    if (!culprit) return undefined;
    this.entries.delete(culprit[0]);
    culprit[1].reject(tooBig(culprit[1].bytes));
    return culprit[0];
  }

  rejectAll(reason: string): void {
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const entry of entries) entry.reject(new ClientClosedError(reason));
  }
}

function tooBig(bytes: number): PulseApiError {
  return new PayloadTooLargeError(0, { code: 'payload_too_large', detail: `the frame is ${bytes} bytes, over ${MAX_FRAME_BYTES}` });
}
