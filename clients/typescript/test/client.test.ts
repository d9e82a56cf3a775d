import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PulseClient, type WebSocketLike } from '../src/client.js';
import { ClientClosedError } from '../src/errors.js';
import type { Message } from '../src/types.js';
import { message } from './support.js';

class FakeSocket implements WebSocketLike {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  sent: any[] = [];
  closed = false;
  constructor(readonly url: string) {}
  send(data: string) {
    const frame = JSON.parse(data);
    this.sent.push(frame);
    if (frame.type === 'ping') this.frame({ type: 'pong', ref: frame.ref });
  }
  close() { this.closed = true; }
  // server side
  accept(userId = 'alice') {
    this.onopen?.({});
    this.frame({ type: 'connected', user_id: userId, session_id: 's', heartbeat_interval_ms: 30000, server_time: '' });
  }
  frame(f: unknown) { this.onmessage?.({ data: JSON.stringify(f) }); }
  serverClose(code: number) { this.onclose?.({ code, reason: '' }); }
  ofType(type: string) { return this.sent.filter((f) => f.type === type); }
}

function jwt(exp: number) {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '');
  return `${b64({ alg: 'HS256' })}.${b64({ sub: 'alice', exp })}.sig`;
}

function setup(options: { fetch?: typeof fetch } = {}) {
  const sockets: FakeSocket[] = [];
  const tokenCalls: boolean[] = [];
  const client = new PulseClient({
    baseUrl: 'http://chat.test',
    token: async ({ forceRefresh }) => { tokenCalls.push(forceRefresh); return jwt(Math.floor(Date.now() / 1000) + 3600); },
    webSocket: (url) => { const s = new FakeSocket(url); sockets.push(s); return s; },
    random: () => 0.5,
    fetch: options.fetch,
  });
  const messages: Message[] = [];
  client.on('message', (m) => messages.push(m));
  const fatal: string[] = [];
  client.on('fatal', (f) => fatal.push(f.reason));
  const last = () => sockets[sockets.length - 1];
  return { client, sockets, last, messages, fatal, tokenCalls };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

describe('PulseClient over a fake socket', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('connects with the token in the query', async () => {
    const { client, last } = setup();
    client.connect();
    await flush();
    expect(last().url).toMatch(/^ws:\/\/chat\.test\/ws\?token=/);
    last().accept();
    expect(client.state).toBe('connected');
    expect(client.userId).toBe('alice');
  });

  it('queues sends while offline and answers them with the stored message', async () => {
    const { client, last, messages } = setup();
    const sending = client.send('c1', 'hello');
    client.connect();
    await flush();
    last().accept();
    const [frame] = last().ofType('message.send');
    expect(frame).toMatchObject({ conversation_id: 'c1', content: 'hello' });
    const stored = { ...message('c1', 1, 'alice', 'hello'), client_message_id: frame.client_message_id };
    last().frame({ type: 'ack', ref: frame.ref, message: stored });
    await expect(sending).resolves.toEqual(stored);
    expect(messages.map((m) => m.seq)).toEqual([1]);
  });

  it('after a drop: backs off, reconnects, syncs from the cursor, resends with the same client_message_id, delivers once in order', async () => {
    const { client, sockets, last, messages } = setup();
    client.track('c1', 0);
    client.connect();
    await flush();
    last().accept();
    last().frame({ type: 'sync.done', ref: last().ofType('sync')[0].ref, has_more: false });
    last().frame({ type: 'message.new', message: message('c1', 1) });
    const pending = client.send('c1', 'mine');
    const firstSend = last().ofType('message.send')[0];

    last().serverClose(1006);
    expect(client.state).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(250); // random 0.5 of the first ceiling (500 ms)
    expect(sockets).toHaveLength(2);
    last().accept();
    const [sync] = last().ofType('sync');
    expect(sync.conversations).toEqual({ c1: 1 });
    const [resend] = last().ofType('message.send');
    expect(resend.client_message_id).toBe(firstSend.client_message_id);
    // a live frame overtakes the replay, the replay repeats one; all come out once, in order
    last().frame({ type: 'message.new', message: message('c1', 4) });
    last().frame({ type: 'message.new', message: message('c1', 2) });
    last().frame({ type: 'message.new', message: message('c1', 1) });
    last().frame({ type: 'message.new', message: message('c1', 3) });
    last().frame({ type: 'ack', ref: resend.ref, message: message('c1', 5, 'alice', 'mine') });
    last().frame({ type: 'sync.done', ref: sync.ref, has_more: false });
    await expect(pending).resolves.toMatchObject({ seq: 5 });
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('pages the catch-up while sync.done says has_more', async () => {
    const { client, last, messages } = setup();
    client.track('c1', 0);
    client.connect();
    await flush();
    last().accept();
    let [sync] = last().ofType('sync');
    last().frame({ type: 'message.new', message: message('c1', 1) });
    last().frame({ type: 'message.new', message: message('c1', 2) });
    last().frame({ type: 'sync.done', ref: sync.ref, has_more: true });
    sync = last().ofType('sync')[1];
    expect(sync.conversations).toEqual({ c1: 2 });
    last().frame({ type: 'message.new', message: message('c1', 3) });
    last().frame({ type: 'sync.done', ref: sync.ref, has_more: false });
    expect(last().ofType('sync')).toHaveLength(2);
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('on a gap, syncs that conversation and leaves a burned seq as a gap', async () => {
    const { client, last, messages } = setup();
    client.track('c1', 3);
    client.connect();
    await flush();
    last().accept();
    last().frame({ type: 'sync.done', ref: last().ofType('sync')[0].ref, has_more: false });
    last().frame({ type: 'message.new', message: message('c1', 6) });
    const gapSync = last().ofType('sync')[1];
    expect(gapSync.conversations).toEqual({ c1: 3 });
    last().frame({ type: 'message.new', message: message('c1', 4) });
    last().frame({ type: 'sync.done', ref: gapSync.ref, has_more: false }); // 5 was burned
    expect(messages.map((m) => m.seq)).toEqual([4, 6]);
  });

  it('gives up on 4003 (banned) and 4008, rejecting queued sends', async () => {
    for (const [code, reason] of [[4003, 'banned'], [4008, 'too_many_connections']] as const) {
      const { client, sockets, last, fatal } = setup();
      client.connect();
      await flush();
      last().accept();
      last().serverClose(code);
      expect(fatal).toEqual([reason]);
      expect(client.state).toBe('closed');
      await expect(client.send('c1', 'x')).rejects.toBeInstanceOf(ClientClosedError);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sockets).toHaveLength(1);
    }
  });

  it('after 1009 (too big) rejects the culprit send, never resends it, and resends the rest', async () => {
    const { client, last } = setup();
    client.connect();
    await flush();
    last().accept();
    const small = client.send('c1', 'small');
    const big = client.send('c1', 'y'.repeat(60_000));
    const bigFailed = big.catch((e) => e);
    last().serverClose(1009);
    expect((await bigFailed).code).toBe('payload_too_large');
    await vi.advanceTimersByTimeAsync(1000);
    last().accept();
    const resent = last().ofType('message.send');
    expect(resent.map((f) => f.content)).toEqual(['small']);
    last().frame({ type: 'ack', ref: resent[0].ref, message: message('c1', 1, 'alice', 'small') });
    await expect(small).resolves.toMatchObject({ seq: 1 });
  });

  it('backs off after 4000 (disconnected by a moderator)', async () => {
    const { client, sockets, last } = setup();
    const events: string[] = [];
    client.on('disconnected', (d) => events.push(`${d.code}:${d.action}:${d.delayMs}`));
    client.connect();
    await flush();
    last().accept();
    last().serverClose(4000);
    expect(events).toEqual(['4000:retry-backoff:250']);
    await vi.advanceTimersByTimeAsync(249);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
  });

  it('gets a fresh token after 4001, then reconnects', async () => {
    const { client, sockets, last, tokenCalls } = setup();
    client.connect();
    await flush();
    last().accept();
    last().serverClose(4001);
    await vi.advanceTimersByTimeAsync(250);
    expect(sockets).toHaveLength(2);
    expect(tokenCalls).toEqual([false, true]);
  });

  it('retries soon after 1001 and backs off with growing ceilings after repeated 1008', async () => {
    const { client, last } = setup();
    const delays: (number | undefined)[] = [];
    client.on('disconnected', (d) => delays.push(d.delayMs));
    client.connect();
    await flush();
    last().accept();
    last().serverClose(1001);
    await vi.advanceTimersByTimeAsync(1000);
    for (let i = 0; i < 3; i++) {
      last().accept();
      last().serverClose(1008);
      await vi.advanceTimersByTimeAsync(30_000);
    }
    expect(delays[0]).toBeGreaterThanOrEqual(250);
    expect(delays[0]).toBeLessThan(1000);
    expect(delays.slice(1)).toEqual([250, 500, 1000]); // random 0.5 × 500, 1000, 2000
  });

  it('on a refused handshake (401) refreshes the token once, then gives up', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ code: 'unauthorized' }), { status: 401 }));
    const { client, sockets, last, fatal, tokenCalls } = setup({ fetch: fetch as unknown as typeof globalThis.fetch });
    client.connect();
    await flush();
    last().serverClose(1006); // never opened
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(2);
    expect(tokenCalls).toEqual([false, true]);
    last().serverClose(1006);
    await vi.advanceTimersByTimeAsync(1000);
    expect(fatal).toEqual(['unauthorized']);
    expect(sockets).toHaveLength(2);
  });

  it('renews the token on auth.expiring and tolerates a server that answers error', async () => {
    const { client, last, tokenCalls } = setup();
    const refused: string[] = [];
    client.on('tokenRefreshFailed', (e) => refused.push(e.code));
    client.connect();
    await flush();
    last().accept();
    last().frame({ type: 'auth.expiring', expires_at: new Date(Date.now() + 60_000).toISOString() });
    await flush();
    const [refresh] = last().ofType('auth.refresh');
    expect(refresh.token).toBeTruthy();
    expect(tokenCalls).toEqual([false, true]);
    last().frame({ type: 'error', ref: refresh.ref, code: 'malformed_request', message: 'Unknown frame type' });
    expect(refused).toEqual(['malformed_request']);
    expect(client.state).toBe('connected');
  });

  it('renews the token by its exp when the server does not warn', async () => {
    const { client, last } = setup();
    client.connect();
    await flush();
    last().accept();
    await vi.advanceTimersByTimeAsync(3600_000 - 90_000 + 10);
    expect(last().ofType('auth.refresh')).toHaveLength(1);
  });

  it('resubscribes presence and resends the read watermark after a reconnect; delivered receipts go out for others\' messages', async () => {
    const { client, last } = setup();
    client.subscribePresence(['bob']);
    client.connect();
    await flush();
    last().accept();
    expect(last().ofType('presence.subscribe')[0].user_ids).toEqual(['bob']);
    last().frame({ type: 'message.new', message: message('c1', 1, 'bob') });
    await vi.advanceTimersByTimeAsync(300);
    expect(last().ofType('delivered')[0]).toMatchObject({ conversation_id: 'c1', seq: 1 });
    client.markRead('c1', 1);
    client.markRead('c1', 0); // never backwards
    expect(last().ofType('read')).toHaveLength(1);
    last().serverClose(1006);
    await vi.advanceTimersByTimeAsync(1000);
    last().accept();
    expect(last().ofType('presence.subscribe')[0].user_ids).toEqual(['bob']);
    expect(last().ofType('read')[0]).toMatchObject({ conversation_id: 'c1', seq: 1 });
  });

  it('treats a connection that answers nothing for two heartbeats as lost', async () => {
    const { client, sockets, last } = setup();
    client.connect();
    await flush();
    last().accept();
    last().send = () => undefined; // the network swallows everything, no close event
    await vi.advanceTimersByTimeAsync(95_000);
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    expect(sockets[0].closed).toBe(true);
  });

  it('throttles typing on the socket and queues none of it while offline', async () => {
    const { client, last } = setup();
    client.typing('c1'); // offline: dropped, and does not hold back the next start
    client.connect();
    await flush();
    last().accept();
    client.typing('c1');
    client.typing('c1');
    await vi.advanceTimersByTimeAsync(2000);
    client.typing('c1');
    expect(last().ofType('typing').map((f) => f.state)).toEqual(['start', 'start']);
    client.send('c1', 'done');
    expect(last().ofType('typing').map((f) => f.state)).toEqual(['start', 'start', 'stop']);
  });

  it('debugDropConnection({holdOffline}) stays offline until reconnectNow', async () => {
    const { client, sockets, last } = setup();
    client.connect();
    await flush();
    last().accept();
    client.debugDropConnection({ holdOffline: true });
    expect(sockets[0].closed).toBe(true);
    expect(client.state).toBe('offline');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
    client.reconnectNow();
    await flush();
    expect(sockets).toHaveLength(2);
  });
});
