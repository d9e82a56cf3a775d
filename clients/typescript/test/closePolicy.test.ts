import { describe, expect, it } from 'vitest';
import { closeAction, handshakeAction } from '../src/closePolicy.js';

describe('close-code policy', () => {
  it.each([
    [1001, 'retry-soon'],
    [1008, 'retry-backoff'],
    [1009, 'retry-backoff'],
    [4000, 'retry-backoff'],
    [4001, 'refresh-token'],
    [4003, 'give-up'],
    [4008, 'give-up'],
    [1006, 'retry-backoff'],
    [1011, 'retry-backoff'],
    [1000, 'retry-backoff'],
  ])('close %i: %s', (code, kind) => {
    expect(closeAction(code).kind).toBe(kind);
  });

  it('never resends the frame a 1009 closed on', () => {
    expect(closeAction(1009)).toMatchObject({ kind: 'retry-backoff', dropOversized: true });
    expect(closeAction(1008)).not.toHaveProperty('dropOversized');
  });

  it('tells the app why it gives up', () => {
    expect(closeAction(4003)).toEqual({ kind: 'give-up', reason: 'banned' });
    expect(closeAction(4008)).toEqual({ kind: 'give-up', reason: 'too_many_connections' });
  });

  it('refreshes the token once on a refused handshake (401), then gives up', () => {
    expect(handshakeAction(401, 'unauthorized', false).kind).toBe('refresh-token');
    expect(handshakeAction(401, 'unauthorized', true)).toEqual({ kind: 'give-up', reason: 'unauthorized' });
  });

  it('gives up on a forbidden handshake (403): banned or origin refused', () => {
    expect(handshakeAction(403, 'banned', false)).toEqual({ kind: 'give-up', reason: 'banned' });
    expect(handshakeAction(403, 'forbidden', false)).toEqual({ kind: 'give-up', reason: 'forbidden' });
  });

  it('backs off when the handshake failed for another reason (server down)', () => {
    expect(handshakeAction(0, undefined, false).kind).toBe('retry-backoff');
    expect(handshakeAction(200, undefined, false).kind).toBe('retry-backoff');
  });
});
