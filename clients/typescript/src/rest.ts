// The REST calls a chat UI needs (API.md "REST API"), errors as typed exceptions (errors.ts).

import { apiError, NetworkError, type ProblemDetails } from './errors.js';
import type { TokenProvider } from './token.js';
import type {
  Conversation, ConversationPage, DeliveredReceipt, Message, MessagePage, PresenceInfo, ReadReceipt,
  SendBody, ThreadPage, Unread,
} from './types.js';

export interface RestOptions {
  /** The service, e.g. `https://chat.example.com` (no trailing `/api`). */
  baseUrl: string;
  token: TokenProvider;
  fetch?: typeof fetch;
}

export interface HistoryQuery {
  limit?: number;
  before_seq?: number;
  after_seq?: number;
}

type Query = Record<string, string | number | undefined | null>;

export class PulseRestClient {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly options: RestOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const f = options.fetch ?? globalThis.fetch;
    this.fetchFn = (input, init) => f(input, init); // unbound window.fetch throws "Illegal invocation"
  }

  // ---- conversations ----
  listConversations(query: { limit?: number; cursor?: string | null } = {}): Promise<ConversationPage> {
    return this.request('GET', '/api/messages/conversations', undefined, query);
  }
  getConversation(id: string): Promise<Conversation> {
    return this.request('GET', `/api/messages/conversations/${enc(id)}`);
  }
  /** Finds or creates the direct conversation with a user. */
  openDirect(userId: string): Promise<Conversation> {
    return this.request('POST', '/api/messages/conversations/direct', { user_id: userId });
  }
  createGroup(group: { name: string; participant_ids: string[]; avatar_url?: string }): Promise<Conversation> {
    return this.request('POST', '/api/messages/group', group);
  }
  renameGroup(id: string, changes: { name?: string; avatar_url?: string | null }): Promise<Conversation> {
    return this.request('PATCH', `/api/messages/conversations/${enc(id)}`, changes);
  }
  mute(id: string, until: string | null): Promise<Conversation> {
    return this.request('PUT', `/api/messages/conversations/${enc(id)}/mute`, { until });
  }
  /** Ascending by seq; no cursor: the newest `limit`. */
  history(conversationId: string, query: HistoryQuery = {}): Promise<MessagePage> {
    return this.request('GET', `/api/messages/conversations/${enc(conversationId)}/messages`, undefined, { ...query });
  }
  /** Moves the caller's read watermark (never backwards). */
  markRead(conversationId: string, seq: number): Promise<ReadReceipt> {
    return this.request('PUT', `/api/messages/conversations/${enc(conversationId)}/read`, { seq });
  }
  /** v2: moves the caller's delivered watermark. */
  markDelivered(conversationId: string, seq: number): Promise<DeliveredReceipt> {
    return this.request('PUT', `/api/messages/conversations/${enc(conversationId)}/delivered`, { seq });
  }
  unread(): Promise<Unread> {
    return this.request('GET', '/api/messages/unread');
  }

  // ---- messages ----
  /** Sends over REST (the realtime client's `send` queues over the socket instead). Idempotent per client_message_id. */
  send(body: SendBody): Promise<Message> {
    return this.request('POST', '/api/messages', { client_message_id: newClientMessageId(), ...body });
  }
  edit(messageId: string, content: string): Promise<Message> {
    return this.request('PATCH', `/api/messages/${enc(messageId)}`, { content });
  }
  /** Tombstones the message (sender, or a group admin). */
  delete(messageId: string): Promise<Message> {
    return this.request('DELETE', `/api/messages/${enc(messageId)}`);
  }
  react(messageId: string, emoji: string): Promise<Message> {
    return this.request('PUT', `/api/messages/${enc(messageId)}/reactions/${enc(emoji)}`);
  }
  unreact(messageId: string, emoji: string): Promise<Message> {
    return this.request('DELETE', `/api/messages/${enc(messageId)}/reactions/${enc(emoji)}`);
  }
  markMessageRead(messageId: string): Promise<ReadReceipt> {
    return this.request('PUT', `/api/messages/${enc(messageId)}/read`);
  }
  /** v2 */
  thread(messageId: string, query: HistoryQuery = {}): Promise<ThreadPage> {
    return this.request('GET', `/api/messages/${enc(messageId)}/thread`, undefined, { ...query });
  }
  search(q: string, query: { conversation_id?: string; limit?: number } = {}): Promise<{ messages: Message[]; next_cursor: string | null }> {
    return this.request('GET', '/api/messages/search', undefined, { q, ...query });
  }
  presence(userIds: string[]): Promise<{ presence: PresenceInfo[] }> {
    return this.request('GET', '/api/messages/presence', undefined, { user_ids: userIds.join(',') });
  }

  /** One call; a 401 gets one fresh token and one retry. */
  async request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
    let response = await this.call(method, path, body, query, false);
    if (response.status === 401) response = await this.call(method, path, body, query, true);
    if (response.ok) {
      return (response.status === 204 ? undefined : await response.json()) as T;
    }
    let problem: ProblemDetails = {};
    try {
      problem = (await response.json()) as ProblemDetails;
    } catch {
      // not a problem-details body (a proxy's page): status alone
    }
    throw apiError(response.status, problem, response.headers.get('Retry-After'));
  }

  private async call(method: string, path: string, body: unknown, query: Query | undefined, forceRefresh: boolean): Promise<Response> {
    const token = await this.options.token({ forceRefresh });
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await this.fetchFn(this.baseUrl + path + queryString(query), {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new NetworkError(`${method} ${path} got no answer`, error);
    }
  }
}

function enc(part: string): string {
  return encodeURIComponent(part);
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = Object.entries(query).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `${enc(k)}=${enc(String(v))}`);
  return params.length ? `?${params.join('&')}` : '';
}

/** A random id for `client_message_id` (UUID v4 where crypto.randomUUID exists). */
export function newClientMessageId(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  let out = '';
  for (let i = 0; i < 32; i++) out += Math.floor(Math.random() * 16).toString(16);
  return out;
}
