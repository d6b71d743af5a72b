import { createHmac } from 'node:crypto';
import { CORPUS_APP_SECRET, expanded, WHATSAPP_TYPES, type Expand, type WhatsAppCase } from './cases.js';
import { baseFor } from './whatsapp-bases.js';
import { COMMON, type Defect, type Signing } from './whatsapp-defects.js';
import { SPECIFIC, TEXT_PAD } from './whatsapp-specific.js';

const hmac = (raw: Buffer, secret: string, algorithm = 'sha256') =>
  createHmac(algorithm, secret).update(raw).digest('hex');

function signatureHeaders(signing: Signing, raw: Buffer): Record<string, string> {
  const right = hmac(raw, CORPUS_APP_SECRET);
  const header = (value: string) => ({ 'x-hub-signature-256': value });
  switch (signing) {
    case 'valid':
      return header(`sha256=${right}`);
    case 'upper-hex':
      return header(`sha256=${right.toUpperCase()}`);
    case 'missing':
      return {};
    case 'empty':
      return header('');
    case 'wrong-secret':
      return header(`sha256=${hmac(raw, 'another-app-secret-4567')}`);
    case 'tampered':
      // Signed as is, then the sender's name or a digit changes on the way.
      return header(`sha256=${hmac(Buffer.concat([raw, Buffer.from(' ')]), CORPUS_APP_SECRET)}`);
    case 'sha1-prefix':
      return header(`sha1=${hmac(raw, CORPUS_APP_SECRET, 'sha1')}`);
    case 'short-hex':
      return header(`sha256=${right.slice(0, 63)}`);
    case 'other-body':
      return header(
        `sha256=${hmac(Buffer.from('{"object":"whatsapp_business_account","entry":[]}'), CORPUS_APP_SECRET)}`,
      );
    case 'old-header-name':
      return { 'x-hub-signature': `sha256=${right}` };
  }
}

const wamidOf = (n: number) => `wamid.BADINPUT${String(n).padStart(4, '0')}`;
const senderOf = (n: number) => `3519${String(70_000_000 + n)}`;

function buildCase(n: number, type: WhatsAppCase['type'], defect: Defect): WhatsAppCase {
  const base = baseFor(type, senderOf(n), wamidOf(n));
  defect.edit?.(base);
  // A repeated item stands in the JSON as a string placeholder; the expansion adds its commas.
  const json = JSON.stringify(base.body).replace(',"@MORE@"', '@MORE@');
  const sent = defect.bytes ? defect.bytes(json) : { body: json };
  const expand: Expand | undefined = sent.body.includes('@PAD@')
    ? { '@PAD@': { repeat: 'a', times: defect.pad ?? TEXT_PAD } }
    : defect.repeat?.(base);
  const raw = sent.base64 ? Buffer.from(sent.body, 'base64') : Buffer.from(expanded(sent.body, expand));
  const ok = defect.status === 200;
  return {
    id: `wa-${String(n).padStart(4, '0')}`,
    type,
    defect: defect.defect,
    description: `${type}: ${defect.description}`,
    body: sent.body,
    ...(sent.base64 ? { bodyEncoding: 'base64' as const } : {}),
    ...(expand ? { expand } : {}),
    headers: { 'content-type': 'application/json', ...signatureHeaders(defect.signing ?? 'valid', raw) },
    posts: defect.posts ?? 1,
    expect: { status: defect.status, storedMessages: ok ? (defect.stores?.(base) ?? base.stores) : 0 },
  };
}

/** Every type with every defect that applies to it, numbered in a stable order. */
export function whatsappCases(): WhatsAppCase[] {
  const cases: WhatsAppCase[] = [];
  for (const type of WHATSAPP_TYPES) {
    for (const defect of [...COMMON, ...(SPECIFIC[type] ?? [])]) {
      const probe = baseFor(type, '1', 'x');
      if (defect.applies && !defect.applies(probe)) continue;
      cases.push(buildCase(cases.length + 1, type, defect));
    }
  }
  return cases;
}
