// The theme's words in the page's language, for its scripts. The
// generator writes them beside this file, i18n/<lang>.json, from the same
// translation files as the pages' words: {lang, locale, words}, each word
// text or a mapping of CLDR plural forms to text, fields written
// {{ .Name }}. Numbers and dates are written with the browser's Intl in
// the locale the generator used, whose CLDR data is the same, so that the
// search page writes a date as the transcript's own page does.

// words makes the functions of a language from its file's data.
export function words(data) {
  const lang = data.lang || "en", locale = data.locale || "";
  const plurals = new Intl.PluralRules(locale || lang);
  const numbers = locale ? new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }) : null;
  const dates = locale ? new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }) : null;
  const number = (n) => (numbers ? numbers.format(n) : String(n));
  // date writes a day given as milliseconds since 1970 (UTC).
  const date = (ms) => (dates ? dates.format(new Date(ms)) : new Date(ms).toISOString().slice(0, 10));
  // t is the phrase key with its fields: args is a count, or an object of
  // fields (a field Count chooses the plural form); numbers among them
  // are written in the language.
  function t(key, args) {
    let w = data.words ? data.words[key] : undefined;
    if (w === undefined) return key;
    const fields = typeof args === "number" ? { Count: args } : args || {};
    if (typeof w === "object") w = w[plurals.select(fields.Count)] ?? w.other;
    return w.replace(/\{\{\s*\.(\w*)\s*\}\}/g, (_, f) => {
      const v = f === "" ? args : fields[f];
      return typeof v === "number" ? number(v) : String(v ?? "");
    });
  }
  return { lang, t, number, date };
}

// load reads the words of the page's language (its <html lang>); a file
// that cannot be read gives the keys themselves, and the page still works.
export async function load() {
  const lang = document.documentElement.lang || "en";
  try {
    const r = await fetch(new URL("i18n/" + lang + ".json", import.meta.url));
    if (r.ok) return words(await r.json());
  } catch (e) {
    // fall through
  }
  return words({ lang, locale: "", words: {} });
}
