// Small DOM helpers, and the page's strings (rendered by the server as JSON).
// (A page without strings, like the closed page, still loads the modules.)
const strings = JSON.parse(document.getElementById("strings")?.textContent ?? "{}");

const plurals = new Intl.PluralRules(document.documentElement.lang || "nl");

// A translated string, with {name} placeholders filled in. A sentence with a count comes
// as its plural forms ({one: …, other: …}, app/plurals.py): vars.count, else vars.n,
// picks the form.
export function t(key, vars = {}) {
  const found = strings[key] ?? key;
  const text = typeof found === "object" ? found[plurals.select(vars.count ?? vars.n)] ?? found.other : found;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? String(vars[name]) : match));
}

// Text in the participant's language, falling back to Dutch (always present).
export function localize(map, lang) {
  return (map && (map[lang] || map.nl)) || "";
}

const PROPERTIES = new Set(["checked", "value", "disabled", "hidden"]);

// h("button", {class: "btn", onclick: fn}, "Next") -> <button class="btn">Next</button>
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (name === "class") el.className = value;
    else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (PROPERTIES.has(name)) el[name] = value;
    else el.setAttribute(name, value === true ? "" : value);
  }
  el.append(...children.flat(Infinity).filter((child) => child != null && child !== false));
  return el;
}
