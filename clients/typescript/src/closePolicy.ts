// What the realtime client does when its socket closes, per close code of the contract.

import { CloseCodes } from './types.js';

export type CloseAction =
  /** Reconnect after a short random pause (the server is going away; another instance takes over). */
  | { kind: 'retry-soon'; reason: string }
  /** Reconnect after the next back-off delay. `dropLastFrame`: the socket died on a frame too big, never resend it. */
  | { kind: 'retry-backoff'; reason: string; dropOversized?: boolean }
  /** Get a fresh token (the old one expired), then reconnect at once. */
  | { kind: 'refresh-token'; reason: string }
  /** Stop reconnecting and tell the app. */
  | { kind: 'give-up'; reason: 'banned' | 'too_many_connections' | 'unauthorized' | 'forbidden' };

/** The policy for a close code (`code` of the CloseEvent). */
export function closeAction(code: number): CloseAction {
  switch (code) {
    case CloseCodes.GOING_AWAY: return { kind: 'retry-soon', reason: 'server shutting down' };
    case CloseCodes.POLICY_VIOLATION: return { kind: 'retry-backoff', reason: 'policy (flood or slow reader)' };
    case CloseCodes.TOO_BIG: return { kind: 'retry-backoff', reason: 'frame too big', dropOversized: true };
    case CloseCodes.DISCONNECTED: return { kind: 'retry-backoff', reason: 'disconnected by a moderator' };
    case CloseCodes.TOKEN_EXPIRED: return { kind: 'refresh-token', reason: 'token expired' };
    case CloseCodes.BANNED: return { kind: 'give-up', reason: 'banned' };
    case CloseCodes.TOO_MANY_CONNECTIONS: return { kind: 'give-up', reason: 'too_many_connections' };
    default: return { kind: 'retry-backoff', reason: code === CloseCodes.ABNORMAL ? 'connection lost' : `closed (${code})` };
  }
}

/**
 * The policy for a handshake the server refused before the upgrade (the HTTP status, as found by probing
 * the REST API with the same token, since browsers hide it). A 401 gets one fresh token, then gives up.
 */
export function handshakeAction(status: number, code: string | undefined, alreadyRefreshed: boolean): CloseAction {
  if (status === 401) {
    return alreadyRefreshed ? { kind: 'give-up', reason: 'unauthorized' } : { kind: 'refresh-token', reason: 'handshake refused (401)' };
  }
  if (status === 403) {
    return { kind: 'give-up', reason: code === 'banned' ? 'banned' : 'forbidden' };
  }
  return { kind: 'retry-backoff', reason: `handshake failed (${status || 'network'})` };
}
