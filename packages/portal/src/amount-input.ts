/**
 * @internal An amount as a debtor types it into the promise form, read as a decimal string with a
 * point (`"1248.59"`), or null when it is not an amount. German input is the rule: a comma separates
 * the cents and points group the thousands (`"1.248,59"`, `"12,50"`, `"1.250"` = 1250); a point
 * followed by one or two digits and no comma is read as the cents too (`"12.50"`), as a pasted
 * figure or an English keyboard writes it. Spaces and a trailing `€`/`EUR` are ignored.
 *
 * @param text - what the debtor typed
 * @returns the amount with a decimal point, or null
 */
export function parseAmountInput(text: string): string | null {
  const s = text.replace(/\s+/g, '').replace(/(€|EUR)$/i, '');
  const german = /^(\d{1,3}(?:\.\d{3})+|\d{1,12})(?:,(\d{1,2}))?$/.exec(s);
  if (german !== null) {
    const euros = (german[1] as string).replace(/\./g, '');
    if (euros.length > 12) return null;
    return german[2] === undefined ? euros : `${euros}.${german[2]}`;
  }
  const point = /^(\d{1,12})\.(\d{1,2})$/.exec(s);
  return point === null ? null : `${point[1]}.${point[2]}`;
}

/**
 * @internal An amount text (`"1248.59"`) as the German promise form shows it for editing:
 * `"1248,59"` (no thousands points, so it reads back unchanged); the English form keeps the point.
 *
 * @param amount - decimal string with a point
 * @param lang - the page's language
 * @returns the text for the input field
 */
export function amountInputText(amount: string, lang: 'de' | 'en'): string {
  return lang === 'de' ? amount.replace('.', ',') : amount;
}
