import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import type { Language } from "../bindings";
import en from "./en.json";
import fr from "./fr.json";

export const resources = { en: { translation: en }, fr: { translation: fr } } as const;
export type UiLanguage = keyof typeof resources;

/** "system" follows the OS/webview language: French when it starts with "fr", else English. */
export function resolveLanguage(lang: Language, navigatorLanguage?: string): UiLanguage {
  if (lang === "en" || lang === "fr") return lang;
  const nav = navigatorLanguage ?? (typeof navigator !== "undefined" ? navigator.language : "en");
  return nav?.toLowerCase().startsWith("fr") ? "fr" : "en";
}

void i18n.use(initReactI18next).init({
  resources,
  lng: resolveLanguage("system"),
  fallbackLng: "en",
  supportedLngs: ["en", "fr"],
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

export default i18n;
