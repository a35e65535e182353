/**
 * Escapes text for HTML element content and quoted attribute values: `& < > " '`. Every piece
 * of text in the report goes through it, since persona names and evidence come from people.
 *
 * @param text - any text.
 * @returns the escaped text.
 * @example
 * escapeHtml(`<b>"Tom" & 'Jerry'</b>`);
 * // => "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
 */
export function escapeHtml(text: string): string {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
