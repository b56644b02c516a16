// Personal data out of typed answers: the rules of app/phone/scrub.py, run on the phone
// so it can show what the server will store, and say why. The server scrubs anyway.
// tests/test_scrub.py runs both against the same examples. As there, the text is
// normalised first (NFKC, no format characters but a joiner between emoji), and the
// rules read Unicode dashes and slashes as "-" and "/", one character for one.
export const MARKERS = { email: "[e-mail]", id: "[ID]", phone: "[tel]", plate: "[plate]" };

const FORMAT = /\p{Cf}/gu; // zero-width spaces, soft hyphens, bidi overrides and isolates
const JOINER = "\u200D";
const LOOSE_JOINER = /(?<![\u{2600}-\u{10FFFF}])\u200D|\u200D(?![\u{2600}-\u{10FFFF}])/gu;
const LOOKALIKES = /[\u2010-\u2015\u2043\u2212\u2E3A\u2E3B\u2044\u2215]/g;
const plain = (text) => text.replace(LOOKALIKES, (c) => ("\u2044\u2215".includes(c) ? "/" : "-"));

const EMAIL = /[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}/g;
const NATIONAL_ID = /(?<![\d+])(\d{2})[ .]?(\d{2})[ .]?(\d{2})[ .\-]?(\d{3})[ .]?(\d{2})(?!\d)/g;
const INTERNATIONAL = /(?:\+|(?<![\w+])00)[ ]?[1-9](?:[ .\-/]?(?:\(0\)[ ]?)?\d){7,13}(?![ .\-/]?\d)/g;
const NATIONAL = /(?<![\w+])(?<!\d[.\-/])0(?:[ .\-/]?\d){8,9}(?![ .\-/]?\d)/g;
const PLATE = /\b([1-9])([ .\-]?)([A-Za-z]{3})([ .\-]?)(\d{3})\b/g;
const OLD_PLATE = /\b([A-Z]{3})([ \-]?)(\d{3})\b/g;
const DATE_START = /^(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4}|\d{2})(?!\d)/;

// BigInt: nine digits with a 2 before them pass 2^31.
export function nationalIdValid(digits) {
  if (!/^\d{11}$/.test(digits)) return false;
  const base = BigInt(digits.slice(0, 9));
  const check = BigInt(digits.slice(9));
  return check === 97n - (base % 97n) || check === 97n - ((2000000000n + base) % 97n);
}

function looksLikeDate(text) {
  const m = DATE_START.exec(text);
  return Boolean(m) && Number(m[1]) >= 1 && Number(m[1]) <= 31 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

const phone = (m) => m[0].split("/").length <= 2 && !looksLikeDate(m[0]);
const upper = (s) => s === s.toUpperCase();
const plate = (m) => upper(m[3]) || (["", "-"].includes(m[2]) && ["", "-"].includes(m[4]));

const RULES = [
  ["email", EMAIL, () => true],
  ["id", NATIONAL_ID, (m) => nationalIdValid(m.slice(1, 6).join(""))],
  ["phone", INTERNATIONAL, phone],
  ["phone", NATIONAL, phone],
  ["plate", PLATE, plate],
  ["plate", OLD_PLATE, () => true],
];

export function normalise(text) {
  const kept = text.normalize("NFKC").replace(FORMAT, (c) => (c === JOINER ? c : ""));
  return kept.replace(LOOSE_JOINER, "").normalize("NFKC");
}

// One rule, matched on the text with its look-alikes made plain; the rest stays as typed.
function apply(kind, pattern, accept, text, found) {
  let kept = "";
  let last = 0;
  for (const m of plain(text).matchAll(pattern)) {
    if (!accept(m)) continue;
    kept += text.slice(last, m.index) + MARKERS[kind];
    last = m.index + m[0].length;
    found.add(kind);
  }
  return kept + text.slice(last);
}

// -> {text, found}: the text normalised, found the kinds removed, in the order of MARKERS.
export function scrub(text) {
  const found = new Set();
  text = normalise(text);
  for (const [kind, pattern, accept] of RULES) text = apply(kind, pattern, accept, text, found);
  return { text, found: Object.keys(MARKERS).filter((kind) => found.has(kind)) };
}
