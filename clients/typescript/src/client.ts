// The realtime client: one WebSocket, renewed token, reconnect with back-off, catch-up by `sync`, exactly-once
// in-order delivery, an offline send queue, typing throttle, presence subscriptions, read/delivered watermarks.

import { backoffDelay, type BackoffOptions } from './backoff.js';
import { closeAction, handshakeAction, type CloseAction } from './closePolicy.js';
import { ClientClosedError, frameError, type PulseApiError } from './errors.js';
import { Outbox, type SendFrame } from './outbox.js';
import { newClientMessageId, PulseRestClient } from './rest.js';
import { MessageSequencer } from './sequencer.js';
import { renewalDelay, tokenExpiry, type TokenProvider } from './token.js';
import { TypingThrottle, type TypingOptions } from './typing.js';
import type {
  ClientFrame, Conversation, ConversationUpdatedFrame, Message, MessageDeliveredFrame, MessageReadFrame,
  PresenceFrame, SendOptions, ServerFrame, TypingFrame,
} from './types.js';

/** What the client needs of a WebSocket (the browser's, or e.g. the `ws` package's in Node). */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed';

export interface PulseClientOptions {
  /** The service, e.g. `https://chat.example.com`. */
  baseUrl: string;
  /** Returns a valid JWT; with `forceRefresh` a fresh one (the current one expired or was refused). */
  token: TokenProvider;
  /** Default: `baseUrl` with ws(s) scheme and path `/ws`. */
  webSocketUrl?: string;
  /** Default: `new WebSocket(url)`. */
  webSocket?: (url: string) => WebSocketLike;
  fetch?: typeof fetch;
  backoff?: BackoffOptions;
  typing?: TypingOptions;
  /** Send `delivered` for messages from others as they arrive (v2; skipped if the server does not know it). Default true. */
  autoDelivered?: boolean;
  /** Renew the token on the socket this long before its `exp`. Default 90 s (the server warns at 60 s). */
  tokenRenewLeadMs?: number;
  /** A connection that stays up this long resets the back-off. Default 10 s. */
  stableAfterMs?: number;
  random?: () => number;
  now?: () => number;
}

export interface ClientEvents {
  /** A new message: each exactly once, in seq order per conversation (own sends included, from their ack). */
  message: Message;
  /** An edit, reaction, pin or thread change (`message.updated`), or a delete (`message.deleted`, `deleted: true`). */
  messageUpdated: Message;
  read: Omit<MessageReadFrame, 'type'>;
  delivered: Omit<MessageDeliveredFrame, 'type'>;
  typing: Omit<TypingFrame, 'type'>;
  presence: Omit<PresenceFrame, 'type'>;
  conversation: Conversation;
  state: ConnectionState;
  /** A catch-up after (re)connecting finished: everything missed has been delivered. */
  synced: { conversations: number };
  /** The client stopped for good: `banned`, `too_many_connections`, `unauthorized`, `forbidden`. */
  fatal: { reason: string };
  /** `auth.refresh` was refused (or the server does not know it yet); the socket keeps its old expiry. */
  tokenRefreshFailed: PulseApiError;
  /** An `error` frame that answered nothing the client tracks. */
  error: PulseApiError;
  /** A socket closed; what the client does next. */
  disconnected: { code: number; action: CloseAction['kind']; reason: string; delayMs?: number };
  /** Every frame received, for debugging. */
  frame: ServerFrame;
}

type Handler<T> = (value: T) => void;

interface Pending {
  kind: 'sync' | 'read' | 'delivered' | 'refresh' | 'presence' | 'typing';
  conversations?: string[];
  /** For a sync: the cursors it was sent from. */
  from?: Record<string, number>;
  token?: string;
}

const SYNC_CHUNK = 500;
const PRESENCE_CHUNK = 200;

export class PulseClient {
  readonly rest: PulseRestClient;
  private readonly sequencer: MessageSequencer;
  private readonly outbox = new Outbox();
  private readonly typingThrottle: TypingThrottle;
  private readonly handlers = new Map<keyof ClientEvents, Set<Handler<never>>>();
  private readonly random: () => number;
  private readonly now: () => number;

  private socket?: WebSocketLike;
  private generation = 0;
  private opened = false;
  private stateValue: ConnectionState = 'idle';
  private attempt = 0;
  private token?: string;
  private forceRefresh = false;
  private handshakeRefreshed = false;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private renewTimer?: ReturnType<typeof setTimeout>;
  private stableTimer?: ReturnType<typeof setTimeout>;
  private heartbeatTimer?: ReturnType<typeof setInterval>;
  private resendTimer?: ReturnType<typeof setTimeout>;
  private lastFrameAt = 0;
  private refCounter = 0;
  private readonly pending = new Map<string, Pending>();
  private readonly presenceUsers = new Set<string>();
  private readonly readMarks = new Map<string, number>();
  private readonly readSent = new Map<string, number>();
  private readonly deliveredMarks = new Map<string, number>();
  private readonly deliveredSent = new Map<string, number>();
  private deliveredTimer?: ReturnType<typeof setTimeout>;
  private deliveredSupported = true;
  private renewing = false;
  private holdOffline = false;
  private userIdValue?: string;

  constructor(private readonly options: PulseClientOptions) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    const token: TokenProvider = async (context) => {
      if (context.forceRefresh || !this.token) this.token = await options.token(context);
      return this.token;
    };
    this.rest = new PulseRestClient({ baseUrl: options.baseUrl, token, fetch: options.fetch });
    this.sequencer = new MessageSequencer((message) => this.onDelivered(message));
    this.typingThrottle = new TypingThrottle((id, state) => this.write({ type: 'typing', conversation_id: id, state }), options.typing, this.now);
  }

  // ---------------------------------------------------------------- public API

  get state(): ConnectionState {
    return this.stateValue;
  }

  /** The user id the server gave in `connected`. */
  get userId(): string | undefined {
    return this.userIdValue;
  }

  on<K extends keyof ClientEvents>(event: K, handler: Handler<ClientEvents[K]>): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as Handler<never>);
    return () => set!.delete(handler as Handler<never>);
  }

  /** Opens the socket (and keeps it open until `close`, or until the server says to give up). */
  connect(): void {
    if (this.stateValue !== 'idle') return;
    void this.open();
  }

  /** Closes for good: pending sends are rejected with ClientClosedError. */
  close(): void {
    this.stop('closed by the app');
  }

  /** Reconnects now if waiting to (e.g. on the browser's `online` event). */
  reconnectNow(): void {
    this.holdOffline = false;
    if (this.stateValue === 'reconnecting' || this.stateValue === 'offline') {
      clearTimeout(this.reconnectTimer);
      void this.open();
    }
  }

  /**
   * Seeds a conversation's cursor (the highest seq the app already has, e.g. after loading its history),
   * so catch-up after a reconnect starts there and older messages are never delivered again.
   */
  track(conversationId: string, lastSeq: number): void {
    this.sequencer.track(conversationId, lastSeq);
  }

  /** The highest seq delivered per conversation (persist it to resume a later session). */
  cursors(): Record<string, number> {
    return this.sequencer.cursors();
  }

  /** Sends into a conversation; queued while offline and resent with the same client_message_id until acknowledged. */
  send(conversationId: string, content: string, options: SendOptions = {}): Promise<Message> {
    this.typingThrottle.stop(conversationId);
    return this.enqueue({ conversation_id: conversationId }, content, options);
  }

  /** Sends to a user, finding or creating the direct conversation. */
  sendTo(recipientId: string, content: string, options: SendOptions = {}): Promise<Message> {
    return this.enqueue({ recipient_id: recipientId }, content, options);
  }

  /** Sends waiting for their ack. */
  get unacknowledgedSends(): number {
    return this.outbox.size;
  }

  /** Call on every keystroke in a conversation's composer (ignored while offline: typing is not queued). */
  typing(conversationId: string): void {
    if (this.stateValue === 'connected') this.typingThrottle.keystroke(conversationId);
  }

  stopTyping(conversationId: string): void {
    this.typingThrottle.stop(conversationId);
  }

  /** Presence of these users, now and on every change; kept across reconnects. */
  subscribePresence(userIds: string[]): void {
    const fresh = userIds.filter((id) => !this.presenceUsers.has(id));
    fresh.forEach((id) => this.presenceUsers.add(id));
    if (fresh.length && this.stateValue === 'connected') this.sendPresence(fresh);
  }

  /** Moves the read watermark (and so the delivered one); sent now, or once connected. Never moves back. */
  markRead(conversationId: string, seq: number): void {
    if (seq <= (this.readMarks.get(conversationId) ?? -1)) return;
    this.readMarks.set(conversationId, seq);
    if (seq > (this.deliveredMarks.get(conversationId) ?? -1)) this.deliveredMarks.set(conversationId, seq);
    this.flushReads();
  }

  /** Moves the delivered watermark (v2); `autoDelivered` does it for every message from someone else. */
  markDelivered(conversationId: string, seq: number): void {
    if (seq <= (this.deliveredMarks.get(conversationId) ?? -1)) return;
    this.deliveredMarks.set(conversationId, seq);
    if (this.deliveredTimer === undefined) {
      this.deliveredTimer = setTimeout(() => {
        this.deliveredTimer = undefined;
        this.flushDelivered();
      }, 250);
    }
  }

  /**
   * Debugging and tests: closes the socket without telling the client, as a network drop would, and lets the
   * client find out. `holdOffline`: stay offline until `reconnectNow()`.
   */
  debugDropConnection(options: { holdOffline?: boolean } = {}): void {
    const socket = this.socket;
    if (!socket) return;
    this.holdOffline = options.holdOffline ?? false;
    detach(socket);
    try {
      socket.close();
    } catch {
      // already closing
    }
    this.onClose(this.generation, 1006);
  }

  /** Debugging and tests: writes a raw text frame on the current socket (e.g. to make the server close it). */
  debugSendRaw(text: string): void {
    this.socket?.send(text);
  }

  // ---------------------------------------------------------------- connection

  private async open(): Promise<void> {
    const generation = ++this.generation;
    this.setState(this.attempt === 0 && !this.opened ? 'connecting' : 'reconnecting');
    this.opened = false;
    let token: string;
    try {
      token = await this.currentToken();
    } catch {
      if (generation === this.generation) this.onClose(generation, 1006); // token provider failed: back off
      return;
    }
    if (generation !== this.generation || this.stateValue === 'closed') return;
    const url = `${this.webSocketUrl()}?token=${encodeURIComponent(token)}`;
    let socket: WebSocketLike;
    try {
      socket = this.options.webSocket ? this.options.webSocket(url) : (new WebSocket(url) as unknown as WebSocketLike);
    } catch {
      this.onClose(generation, 1006);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.opened = true;
      this.lastFrameAt = this.now();
    };
    socket.onmessage = (event) => this.onFrame(generation, event.data);
    socket.onerror = () => undefined; // a close follows
    socket.onclose = (event) => this.onClose(generation, event.code);
  }

  private async currentToken(): Promise<string> {
    const force = this.forceRefresh;
    this.forceRefresh = false;
    if (force || !this.token) this.token = await this.options.token({ forceRefresh: force });
    return this.token;
  }

  private onFrame(generation: number, data: unknown): void {
    if (generation !== this.generation) return;
    this.lastFrameAt = this.now();
    let frame: ServerFrame;
    try {
      frame = JSON.parse(String(data));
    } catch {
      return;
    }
    this.emit('frame', frame);
    switch (frame.type) {
      case 'connected':
        this.onConnected(frame.user_id, frame.heartbeat_interval_ms);
        break;
      case 'message.new':
        this.offer(frame.message);
        break;
      case 'message.updated':
      case 'message.deleted':
        this.emit('messageUpdated', frame.message);
        break;
      case 'ack':
        this.onAck(frame.ref, frame.message, frame.result);
        break;
      case 'error':
        this.onError(frame.ref, frame.code, frame.message);
        break;
      case 'sync.done':
        this.onSyncDone(frame.ref, frame.has_more);
        break;
      case 'message.read': {
        const { type: _t, ...read } = frame;
        this.emit('read', read);
        break;
      }
      case 'message.delivered': {
        const { type: _t, ...delivered } = frame;
        this.emit('delivered', delivered);
        break;
      }
      case 'typing': {
        const { type: _t, ...typing } = frame;
        this.emit('typing', typing);
        break;
      }
      case 'presence': {
        const { type: _t, ...presence } = frame;
        this.emit('presence', presence);
        break;
      }
      case 'conversation.updated':
        this.emit('conversation', (frame as ConversationUpdatedFrame).conversation);
        break;
      case 'auth.expiring':
        void this.renewToken();
        break;
      default:
        break; // pong, sync.state, and frames of later versions
    }
  }

  private onConnected(userId: string, heartbeatMs: number): void {
    this.userIdValue = userId;
    this.handshakeRefreshed = false;
    this.deliveredSupported = true;
    this.setState('connected');
    clearTimeout(this.stableTimer);
    this.stableTimer = setTimeout(() => (this.attempt = 0), this.options.stableAfterMs ?? 10_000);
    this.startHeartbeat(heartbeatMs > 0 ? heartbeatMs : 30_000);
    this.scheduleRenewal();
    // catch up first, so what was missed comes before anything new; then everything that waited
    const tracked = Object.keys(this.sequencer.cursors());
    if (tracked.length) {
      this.sequencer.beginCatchUp(tracked);
      this.sync(tracked);
    } else {
      this.emit('synced', { conversations: 0 });
    }
    if (this.presenceUsers.size) this.sendPresence([...this.presenceUsers]);
    this.readSent.clear();
    this.deliveredSent.clear();
    this.flushReads();
    this.flushDelivered();
    this.flushSends();
  }

  private onClose(generation: number, code: number): void {
    if (generation !== this.generation || this.stateValue === 'closed') return;
    const wasOpen = this.opened;
    if (this.socket) detach(this.socket);
    this.socket = undefined;
    this.generation++; // frames of the old socket are ignored from now on
    this.opened = false;
    this.clearConnectionTimers();
    this.pending.clear();
    this.typingThrottle.reset();
    if (!wasOpen && code === 1006 && this.token) {
      void this.probeHandshake();
      return;
    }
    const action = closeAction(code);
    if (action.kind === 'retry-backoff' && action.dropOversized) this.outbox.dropOversized(generation);
    this.outbox.connectionLost();
    this.apply(code, action);
  }

  /** Browsers hide a refused handshake's status: ask the REST API with the same token what it thinks of it. */
  private async probeHandshake(): Promise<void> {
    const generation = this.generation;
    let status = 0;
    let code: string | undefined;
    try {
      const response = await (this.options.fetch ?? globalThis.fetch)(`${this.options.baseUrl.replace(/\/+$/, '')}/api/messages/unread`, {
        headers: { Authorization: `Bearer ${this.token}` },
      });
      status = response.status;
      if (status === 401 || status === 403) code = ((await response.json().catch(() => ({}))) as { code?: string }).code;
    } catch {
      status = 0;
    }
    if (generation !== this.generation || this.stateValue === 'closed') return;
    this.outbox.connectionLost();
    const action = handshakeAction(status, code, this.handshakeRefreshed);
    if (action.kind === 'refresh-token') this.handshakeRefreshed = true;
    this.apply(1006, action);
  }

  private apply(code: number, action: CloseAction): void {
    if (action.kind === 'give-up') {
      this.emit('disconnected', { code, action: action.kind, reason: action.reason });
      this.stop(action.reason);
      this.emit('fatal', { reason: action.reason });
      return;
    }
    let delay: number;
    if (action.kind === 'retry-soon') {
      delay = 250 + Math.floor(this.random() * 750);
    } else if (action.kind === 'refresh-token') {
      this.forceRefresh = true;
      delay = Math.floor(this.random() * 250);
    } else {
      delay = backoffDelay(this.attempt++, this.options.backoff, this.random);
    }
    this.emit('disconnected', { code, action: action.kind, reason: action.reason, delayMs: delay });
    if (this.holdOffline) {
      this.setState('offline');
      return;
    }
    this.setState('reconnecting');
    this.reconnectTimer = setTimeout(() => void this.open(), delay);
  }

  private stop(reason: string): void {
    if (this.stateValue === 'closed') return;
    this.generation++;
    this.clearConnectionTimers();
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.deliveredTimer);
    this.deliveredTimer = undefined;
    this.typingThrottle.reset();
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      detach(socket);
      try {
        socket.close(1000);
      } catch {
        // already closed
      }
    }
    this.setState('closed');
    this.outbox.rejectAll(reason);
  }

  private clearConnectionTimers(): void {
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.renewTimer);
    clearTimeout(this.stableTimer);
    clearTimeout(this.resendTimer);
    this.resendTimer = undefined;
  }

  /** A `ping` every interval; no frame at all for two intervals (+5 s) means the connection is dead. */
  private startHeartbeat(intervalMs: number): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => {
      if (this.now() - this.lastFrameAt > 2 * intervalMs + 5000) {
        const generation = this.generation;
        const socket = this.socket;
        if (socket) {
          detach(socket);
          try {
            socket.close();
          } catch {
            // gone
          }
        }
        this.onClose(generation, 1006);
        return;
      }
      this.write({ type: 'ping', ref: this.ref('ping') });
    }, intervalMs);
  }

  // ---------------------------------------------------------------- token renewal on the socket

  private scheduleRenewal(): void {
    clearTimeout(this.renewTimer);
    const expiry = this.token ? tokenExpiry(this.token) : undefined;
    if (expiry === undefined) return;
    this.renewTimer = setTimeout(() => void this.renewToken(), renewalDelay(expiry, this.now(), this.options.tokenRenewLeadMs ?? 90_000));
  }

  private async renewToken(): Promise<void> {
    if (this.renewing || this.stateValue !== 'connected') return;
    this.renewing = true;
    const generation = this.generation;
    try {
      const token = await this.options.token({ forceRefresh: true });
      if (generation !== this.generation) {
        this.token = token; // for the next connection
        return;
      }
      const ref = this.ref('auth');
      this.pending.set(ref, { kind: 'refresh', token });
      this.write({ type: 'auth.refresh', token, ref });
    } catch {
      // the provider failed: the server closes with 4001 at expiry and the reconnect asks again
    } finally {
      this.renewing = false;
    }
  }

  // ---------------------------------------------------------------- catch-up and delivery

  private sync(conversationIds: string[]): void {
    const cursors = this.sequencer.cursors();
    for (let i = 0; i < conversationIds.length; i += SYNC_CHUNK) {
      const chunk = conversationIds.slice(i, i + SYNC_CHUNK);
      const ref = this.ref('sync');
      const from = Object.fromEntries(chunk.map((id) => [id, cursors[id] ?? 0]));
      this.pending.set(ref, { kind: 'sync', conversations: chunk, from });
      this.write({ type: 'sync', ref, conversations: from });
    }
  }

  private onSyncDone(ref: unknown, hasMore: boolean): void {
    const pending = this.takePending(ref, 'sync');
    if (!pending) return;
    if (hasMore) {
      for (const id of pending.conversations!) {
        if ((this.sequencer.cursor(id) ?? 0) === pending.from![id]) this.sequencer.skipGap(id);
      }
      this.sync(pending.conversations!); // the next page, from the cursors the replay just moved
      return;
    }
    this.sequencer.endCatchUp(pending.conversations!);
    if (![...this.pending.values()].some((p) => p.kind === 'sync')) this.emit('synced', { conversations: pending.conversations!.length });
  }

  private offer(message: Message): void {
    if (this.sequencer.offer(message) === 'gap' && this.stateValue === 'connected') {
      this.sync([message.conversation_id]); // a seq is missing before it: fetch it, or learn it was burned
    }
  }

  private onDelivered(message: Message): void {
    this.emit('message', message);
    if ((this.options.autoDelivered ?? true) && message.sender_id !== this.userIdValue) {
      this.markDelivered(message.conversation_id, message.seq);
    }
  }

  // ---------------------------------------------------------------- answers

  private onAck(ref: unknown, message: Message | undefined, result: unknown): void {
    if (typeof ref === 'string' && this.outbox.has(ref) && message) {
      this.offer(message); // the sending connection gets its message in the ack, not in a message.new
      this.outbox.acknowledge(ref, message);
      return;
    }
    const pending = this.takePending(ref);
    if (pending?.kind === 'refresh') {
      this.token = pending.token;
      this.scheduleRenewal();
    }
    void result;
  }

  private onError(ref: unknown, code: string, text: string): void {
    const error = frameError(code, text);
    if (typeof ref === 'string' && this.outbox.has(ref)) {
      if (code === 'rate_limited' || code === 'unavailable') {
        this.outbox.retryLater(ref);
        this.scheduleResend();
      } else {
        this.outbox.fail(ref, error);
      }
      return;
    }
    const pending = this.takePending(ref);
    switch (pending?.kind) {
      case 'refresh':
        // a v1 server does not know the frame: the fresh token is still good for the next connection
        if (code === 'malformed_request') this.token = pending.token;
        this.emit('tokenRefreshFailed', error);
        return;
      case 'delivered':
        if (code === 'malformed_request') this.deliveredSupported = false; // a v1 server: no delivery receipts
        return;
      case 'sync':
        this.sequencer.endCatchUp(pending.conversations!); // nothing more is coming: release what was held
        this.emit('error', error);
        return;
      default:
        this.emit('error', error);
    }
  }

  private takePending(ref: unknown, kind?: Pending['kind']): Pending | undefined {
    if (typeof ref !== 'string') return undefined;
    const pending = this.pending.get(ref);
    if (!pending || (kind && pending.kind !== kind)) return undefined;
    this.pending.delete(ref);
    return pending;
  }

  // ---------------------------------------------------------------- outgoing

  private enqueue(target: { conversation_id?: string; recipient_id?: string }, content: string, options: SendOptions): Promise<Message> {
    if (this.stateValue === 'closed') return Promise.reject(new ClientClosedError('closed'));
    const { type, client_message_id, ...rest } = options;
    const clientMessageId = client_message_id ?? newClientMessageId();
    const frame: SendFrame = {
      type: 'message.send', ref: `send:${clientMessageId}`, ...target, content, client_message_id: clientMessageId, ...rest,
    };
    if (type) frame.message_type = type;
    const promise = this.outbox.enqueue(frame);
    this.flushSends();
    return promise;
  }

  private flushSends(): void {
    if (this.stateValue !== 'connected' || !this.socket) return;
    for (const json of this.outbox.takeUnsent(this.generation)) this.socket.send(json);
  }

  private scheduleResend(): void {
    if (this.resendTimer !== undefined) return;
    this.resendTimer = setTimeout(() => {
      this.resendTimer = undefined;
      this.flushSends();
    }, Math.max(1000, backoffDelay(2, this.options.backoff, this.random)));
  }

  private flushReads(): void {
    if (this.stateValue !== 'connected') return;
    for (const [id, seq] of this.readMarks) {
      if (seq > (this.readSent.get(id) ?? -1)) {
        this.readSent.set(id, seq);
        const ref = this.ref('read');
        this.pending.set(ref, { kind: 'read' });
        this.write({ type: 'read', conversation_id: id, seq, ref });
      }
    }
  }

  private flushDelivered(): void {
    if (this.stateValue !== 'connected' || !this.deliveredSupported) return;
    for (const [id, seq] of this.deliveredMarks) {
      const done = Math.max(this.deliveredSent.get(id) ?? -1, this.readSent.get(id) ?? -1); // read implies delivered
      if (seq > done) {
        this.deliveredSent.set(id, seq);
        const ref = this.ref('delivered');
        this.pending.set(ref, { kind: 'delivered' });
        this.write({ type: 'delivered', conversation_id: id, seq, ref });
      }
    }
  }

  private sendPresence(userIds: string[]): void {
    for (let i = 0; i < userIds.length; i += PRESENCE_CHUNK) {
      const ref = this.ref('presence');
      this.pending.set(ref, { kind: 'presence' });
      this.write({ type: 'presence.subscribe', user_ids: userIds.slice(i, i + PRESENCE_CHUNK), ref });
    }
  }

  private write(frame: ClientFrame): void {
    if (this.stateValue === 'connected' && this.socket) this.socket.send(JSON.stringify(frame));
  }

  private ref(kind: string): string {
    return `${kind}:${++this.refCounter}`;
  }

  private webSocketUrl(): string {
    if (this.options.webSocketUrl) return this.options.webSocketUrl;
    return this.options.baseUrl.replace(/\/+$/, '').replace(/^http/, 'ws') + '/ws';
  }

  private setState(state: ConnectionState): void {
    if (this.stateValue === state) return;
    this.stateValue = state;
    this.emit('state', state);
  }

  private emit<K extends keyof ClientEvents>(event: K, value: ClientEvents[K]): void {
    for (const handler of this.handlers.get(event) ?? []) {
      try {
        (handler as Handler<ClientEvents[K]>)(value);
      } catch (error) {
        console.error(`pulse: a '${String(event)}' handler threw`, error);
      }
    }
  }
}

function detach(socket: WebSocketLike): void {
  socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
}
