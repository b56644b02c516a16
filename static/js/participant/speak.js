// Read aloud: the browser's own speech, in the prompt's language. No button where the
// browser has no speech synthesis.
import { h, t } from "./dom.js";

const VOICES = { nl: "nl-BE", fr: "fr-BE", en: "en" };

export function readAloud(lang, text) {
  if (!("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") return null;
  return h("button", {
    type: "button", class: "btn link speak", "aria-label": t("read_aloud"), title: t("read_aloud"),
    onclick: () => {
      const utterance = new SpeechSynthesisUtterance(text());
      utterance.lang = VOICES[lang] ?? "nl-BE";
      window.speechSynthesis.cancel();
      window.speechSynthesis.speak(utterance);
    },
  }, h("span", { "aria-hidden": "true" }, "🔊"));
}

// What is read: the question, then the words on its choices, cards, phases or spokes.
export function spoken(prompt, lang) {
  const items = ["choices", "cards", "phases", "spokes"].flatMap((field) => prompt.options?.[field] ?? []);
  const words = items.map((item) => (item.label && (item.label[lang] || item.label.nl)) || "").filter(Boolean);
  const question = (prompt.text && (prompt.text[lang] || prompt.text.nl)) || "";
  return [question, ...words].join(". ");
}
