const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keys.set(secret, key);
  }
  return key;
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return undefined;
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * Checks `X-Hub-Signature-256: sha256=<hex>` against an HMAC-SHA256 of the raw body with the app
 * secret. WebCrypto's verify compares in constant time, and runs on Node and on Workers alike.
 */
export async function verifySignature(
  raw: Uint8Array<ArrayBuffer>,
  header: string | undefined,
  secret: string,
): Promise<boolean> {
  if (!header?.startsWith('sha256=')) return false;
  const expected = fromHex(header.slice('sha256='.length));
  if (!expected) return false;
  return crypto.subtle.verify('HMAC', await hmacKey(secret), expected, raw);
}
