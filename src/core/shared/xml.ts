/** XML text escaping for feeds and sitemaps. */

// Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF):
// one of them in an article would make the whole feed unreadable, so they are dropped.
const INVALID_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/** Escape text for XML element content or a quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(INVALID_XML, "").replace(/[&<>"']/g, (c) => XML_ESCAPES[c] as string);
}
