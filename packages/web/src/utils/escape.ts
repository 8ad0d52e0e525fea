/**
 * ECharts renders what a tooltip `formatter` function returns as HTML. Every string in such a
 * result that a user could have typed (facility, region, indicator names, units) goes through
 * `escapeHtml`; `htmlTooltip` builds a formatter that does so for the whole text, and the XSS test
 * (test/xss.test.ts) feeds markup through every chart builder and checks that none survives.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: unknown): string => String(text ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

/** A tooltip formatter whose plain-text result is escaped before ECharts puts it into the page. */
export function htmlTooltip<P>(text: (params: P) => string): (params: P) => string {
  return (params) => escapeHtml(text(params));
}
