import { CORPUS_SERVICE_ADDRESS } from '../../scripts/bad-input/cases.js';

/**
 * A mail carrying one markup case, as plain text or as the HTML body itself, in one thread per kind
 * (every mail names the same first message), so each kind is one conversation in the console.
 */
export function mailCarrying(id: string, text: string, kind: 'plain' | 'html'): Uint8Array<ArrayBuffer> {
  const head = [
    `From: Markup <markup-${kind}@example.org>`,
    `To: ${CORPUS_SERVICE_ADDRESS}`,
    'Subject: NIF',
    'Date: Mon, 30 Nov 2026 10:00:00 +0000',
    `Message-ID: <markup-${id}@example.org>`,
    `References: <markup-thread-${kind}@example.org>`,
    'MIME-Version: 1.0',
    `Content-Type: ${kind === 'plain' ? 'text/plain' : 'text/html'}; charset=UTF-8`,
    'Content-Transfer-Encoding: 8bit',
  ];
  return new Uint8Array(Buffer.from(`${head.join('\r\n')}\r\n\r\n${text}\r\n`));
}
