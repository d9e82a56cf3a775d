// Reading a JWT's `exp` (no verification: the server verifies; the client only plans its renewal).

export type TokenProvider = (context: { forceRefresh: boolean }) => Promise<string>;

/** The token's `exp` in epoch milliseconds, or undefined when it has none or is not a JWT. */
export function tokenExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const json = JSON.parse(base64UrlDecode(parts[1]));
    return typeof json.exp === 'number' ? json.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function base64UrlDecode(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** When to renew a token expiring at `expiresAt`: `leadMs` before it, never in the past. */
export function renewalDelay(expiresAt: number, now: number, leadMs = 90_000): number {
  return Math.max(0, expiresAt - leadMs - now);
}
