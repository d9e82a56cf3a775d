import { describe, expect, it, vi } from 'vitest';
import { ForbiddenError, NetworkError, NotFoundError, RateLimitedError, UnauthorizedError, ValidationError } from '../src/errors.js';
import { PulseRestClient } from '../src/rest.js';

function problem(status: number, code: string, headers: Record<string, string> = {}, errors?: unknown) {
  return new Response(JSON.stringify({ type: 'about:blank', title: code, status, detail: `detail of ${code}`, code, errors }), {
    status, headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

function client(fetch: (url: string, init: RequestInit) => Promise<Response>) {
  const tokens: boolean[] = [];
  const rest = new PulseRestClient({
    baseUrl: 'http://chat.test/',
    token: async ({ forceRefresh }) => { tokens.push(forceRefresh); return forceRefresh ? 'fresh' : 'old'; },
    fetch: vi.fn(fetch) as unknown as typeof globalThis.fetch,
  });
  return { rest, tokens };
}

describe('REST calls', () => {
  it('sends JSON with the bearer token and a client_message_id', async () => {
    let seen: { url: string; init: RequestInit } | undefined;
    const { rest } = client(async (url, init) => {
      seen = { url, init };
      return new Response(JSON.stringify({ id: 'm1', seq: 1 }), { status: 201 });
    });
    await rest.send({ conversation_id: 'c1', content: 'hi' });
    expect(seen!.url).toBe('http://chat.test/api/messages');
    expect((seen!.init.headers as Record<string, string>).Authorization).toBe('Bearer old');
    const body = JSON.parse(String(seen!.init.body));
    expect(body).toMatchObject({ conversation_id: 'c1', content: 'hi' });
    expect(body.client_message_id).toMatch(/.+/);
  });

  it('builds paths and queries', async () => {
    const urls: string[] = [];
    const { rest } = client(async (url) => { urls.push(url); return new Response('{}', { status: 200 }); });
    await rest.history('c 1', { limit: 50, after_seq: 7 });
    await rest.react('m1', '👍');
    await rest.listConversations({ limit: 20, cursor: null });
    expect(urls).toEqual([
      'http://chat.test/api/messages/conversations/c%201/messages?limit=50&after_seq=7',
      'http://chat.test/api/messages/m1/reactions/%F0%9F%91%8D',
      'http://chat.test/api/messages/conversations?limit=20',
    ]);
  });

  it('turns problem details into typed exceptions', async () => {
    const answers = [
      problem(404, 'not_found'),
      problem(403, 'blocked'),
      problem(400, 'validation_failed', {}, [{ field: 'content', message: 'must not be blank' }]),
      problem(429, 'rate_limited', { 'Retry-After': '3' }),
    ];
    const { rest } = client(async () => answers.shift()!);
    await expect(rest.getConversation('x')).rejects.toBeInstanceOf(NotFoundError);
    const blocked = await rest.send({ recipient_id: 'bob', content: 'hi' }).catch((e) => e);
    expect(blocked).toBeInstanceOf(ForbiddenError);
    expect(blocked.code).toBe('blocked');
    const invalid = await rest.send({ conversation_id: 'c1', content: ' ' }).catch((e) => e);
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(invalid.errors).toEqual([{ field: 'content', message: 'must not be blank' }]);
    const limited = await rest.unread().catch((e) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited.retryAfterSeconds).toBe(3);
    expect(limited.status).toBe(429);
  });

  it('retries a 401 once with a fresh token, then throws UnauthorizedError', async () => {
    const { rest, tokens } = client(async (_url, init) =>
      (init.headers as Record<string, string>).Authorization === 'Bearer fresh' ? new Response('{"total":0,"conversations":{}}') : problem(401, 'unauthorized'));
    await expect(rest.unread()).resolves.toEqual({ total: 0, conversations: {} });
    expect(tokens).toEqual([false, true]);

    const refused = client(async () => problem(401, 'unauthorized'));
    await expect(refused.rest.unread()).rejects.toBeInstanceOf(UnauthorizedError);
    expect(refused.tokens).toEqual([false, true]);
  });

  it('reports no answer as NetworkError, and a 204 as undefined', async () => {
    const down = client(async () => { throw new TypeError('fetch failed'); });
    await expect(down.rest.unread()).rejects.toBeInstanceOf(NetworkError);
    const { rest } = client(async () => new Response(null, { status: 204 }));
    await expect(rest.request('DELETE', '/api/messages/blocks/bob')).resolves.toBeUndefined();
  });
});
