/**
 * The new text of a mail: what the person wrote this time, without the quoted conversation, the
 * signature, the phone client's tagline or the legal footer their employer adds.
 */

/** A line that starts the quoted part: "On … wrote:", "Em … escreveu:", "-----Original Message-----"… */
const QUOTE_HEADER = [
  /^on .{3,200} wrote:?$/i,
  /^em .{3,200} escreveu:?$/i,
  /^el .{3,200} escribió:?$/i,
  /^le .{3,200} a écrit ?:?$/i,
  /^am .{3,200} schrieb .{0,100}:?$/i,
  /^în .{3,200} a scris:?$/i,
  /^-{2,}\s*(original message|mensagem original|mensaje original|message d'origine|исходное сообщение|оригінальне повідомлення)\s*-{2,}$/i,
  /^_{10,}$/,
  /^(from|de|von|от|від|发件人|من)\s*:\s*.+$/i,
  /^在.{3,200}写道[:：]$/,
];

/** Phone and webmail taglines and signature delimiters: everything after them is not the question. */
const SIGNATURE = [
  /^-- ?$/,
  /^(sent|enviado|envoyé|gesendet|отправлено|надіслано) (from|do|de|depuis|von|с|з) .{2,60}$/i,
  /^get outlook for .{2,80}$/i,
  /^obter o outlook para .{2,80}$/i,
  /^发自我的.{1,20}$/,
];

/** A legal footer: the paragraph that starts like this and all after it. */
const FOOTER =
  /\b(confidential\w*|confidencia\w*|confidentiel\w*|vertraulich\w*|disclaimer|aviso legal|this (e-?mail|message) (and any attachments )?(is|are) intended)/i;

export function newText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (SIGNATURE.some((re) => re.test(line))) break;
    // "From:" only starts a quote when a "Sent:"/"Date:" line follows (Outlook's header block).
    if (QUOTE_HEADER.some((re) => re.test(line))) {
      const next =
        lines
          .slice(i + 1, i + 4)
          .find((l) => l.trim())
          ?.trim() ?? '';
      const isFromLine = /^(from|de|von|от|від|发件人|من)\s*:/i.test(line);
      if (
        !isFromLine ||
        /^(sent|enviado|date|data|gesendet|отправлено|надіслано|发送时间|التاريخ|envoyé)\s*:/i.test(next)
      )
        break;
    }
    // A quote header folded over two lines by the client: "On Mon, 30 Nov 2026 at 10:00, X <x@y>" + "wrote:".
    if (
      /^(on|em|el|le) .{3,200}$/i.test(line) &&
      /(wrote|escreveu|escribió|a écrit) ?:?$/i.test((lines[i + 1] ?? '').trim()) &&
      line.length + (lines[i + 1] ?? '').length < 300
    )
      break;
    if (line.startsWith('>')) continue;
    if (FOOTER.test(line) && kept.some((k) => k.trim())) break;
    kept.push(lines[i]!);
  }
  return kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The questions of a long mail, for one answer each: numbered items ("1) …", "2. …") or several
 * sentences ending in a question mark. One question (or none) gives one.
 */
export function questionsOf(text: string): string[] {
  const items = [
    ...text.matchAll(
      /(?:^|\n)[ \t]*(?:\d{1,2}[.)]|[-•*])[ \t]+([^\n]+(?:\n(?![ \t]*(?:\d{1,2}[.)]|[-•*])[ \t])[^\n]+)*)/g,
    ),
  ]
    .map((m) => m[1]!.trim())
    .filter((item) => item.length > 8);
  if (items.length >= 2 && items.length <= 6) return items;
  const asked = text
    .split(/(?<=[?？؟])\s+/)
    .map((part) => part.trim())
    .filter((part) => /[?？؟]$/.test(part) && part.length > 8);
  return asked.length >= 2 && asked.length <= 6 ? asked : [text];
}
