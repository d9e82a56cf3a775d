// Dev-only: mints an HS256 token in the browser with the development secret (WebCrypto HMAC-SHA256), the way
// the local run's sample tokens are made. Offered on localhost only; a real app gets tokens from its login.

export const DEV_SECRET = 'change-me-change-me-change-me-change-me-0123456789';

export function isLocal(): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(location.hostname) && !!globalThis.crypto?.subtle;
}

function b64url(bytes: Uint8Array): string {
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function mintDevToken(userId: string, secret = DEV_SECRET, ttlSeconds = 15 * 60): Promise<string> {
  const utf8 = new TextEncoder();
  const now = Math.floor(Date.now() / 1000);
  const name = userId.charAt(0).toUpperCase() + userId.slice(1);
  const header = b64url(utf8.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
  const payload = b64url(utf8.encode(JSON.stringify({ sub: userId, username: userId, name, iat: now, exp: now + ttlSeconds })));
  const key = await crypto.subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8.encode(`${header}.${payload}`)));
  return `${header}.${payload}.${b64url(signature)}`;
}

/** The `sub` of a token (no verification: only to show who is signed in). */
export function subjectOf(token: string): string | undefined {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part)).sub;
  } catch {
    return undefined;
  }
}
