import { describe, expect, it } from 'vitest';
import { ClientClosedError, PayloadTooLargeError } from '../src/errors.js';
import { Outbox, type SendFrame } from '../src/outbox.js';
import { message } from './support.js';

function frame(id: string, content = 'hi'): SendFrame {
  return { type: 'message.send', ref: `send:${id}`, conversation_id: 'c1', content, client_message_id: id };
}

describe('offline queue and resend', () => {
  it('keeps sends until connected, writes each once per connection, oldest first', () => {
    const outbox = new Outbox();
    void outbox.enqueue(frame('a'));
    void outbox.enqueue(frame('b'));
    const first = outbox.takeUnsent(1).map((j) => JSON.parse(j).client_message_id);
    expect(first).toEqual(['a', 'b']);
    expect(outbox.takeUnsent(1)).toEqual([]);
  });

  it('resends unacknowledged sends after a reconnect with the same client_message_id and ref', async () => {
    const outbox = new Outbox();
    const a = outbox.enqueue(frame('a'));
    void outbox.enqueue(frame('b'));
    outbox.takeUnsent(1);
    outbox.acknowledge('send:a', message('c1', 1, 'alice'));
    await expect(a).resolves.toMatchObject({ seq: 1 });
    outbox.connectionLost();
    const resent = outbox.takeUnsent(2).map((j) => JSON.parse(j));
    expect(resent).toHaveLength(1);
    expect(resent[0]).toMatchObject({ ref: 'send:b', client_message_id: 'b' });
  });

  it('answers the send with the stored message, even when the resend got the original back', async () => {
    const outbox = new Outbox();
    const b = outbox.enqueue(frame('b'));
    outbox.takeUnsent(1);
    outbox.connectionLost();
    outbox.takeUnsent(2);
    const stored = message('c1', 9, 'alice');
    expect(outbox.acknowledge('send:b', stored)).toBe(true);
    expect(outbox.acknowledge('send:b', stored)).toBe(false); // a late duplicate ack changes nothing
    await expect(b).resolves.toBe(stored);
    expect(outbox.size).toBe(0);
  });

  it('refuses a frame over 64 KiB before sending it', async () => {
    const outbox = new Outbox();
    await expect(outbox.enqueue(frame('big', 'x'.repeat(70_000)))).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(outbox.size).toBe(0);
  });

  it('after a 1009 close, drops the largest send written to that connection and resends the rest', async () => {
    const outbox = new Outbox();
    void outbox.enqueue(frame('small'));
    const big = outbox.enqueue(frame('big', 'y'.repeat(60_000)));
    outbox.takeUnsent(3);
    expect(outbox.dropOversized(3)).toBe('send:big');
    await expect(big).rejects.toBeInstanceOf(PayloadTooLargeError);
    outbox.connectionLost();
    expect(outbox.takeUnsent(4).map((j) => JSON.parse(j).client_message_id)).toEqual(['small']);
  });

  it('rejects what is left when the client gives up', async () => {
    const outbox = new Outbox();
    const a = outbox.enqueue(frame('a'));
    outbox.rejectAll('banned');
    await expect(a).rejects.toBeInstanceOf(ClientClosedError);
  });
});
