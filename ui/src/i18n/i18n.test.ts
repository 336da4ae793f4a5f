import { describe, expect, it } from "vitest";
import en from "./en.json";
import fr from "./fr.json";
import { resolveLanguage } from ".";

function keys(obj: unknown, prefix = ""): string[] {
  if (typeof obj !== "object" || obj === null) return [prefix];
  return Object.entries(obj).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(obj: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (o: unknown, p: string) => {
    if (typeof o === "string") out[p] = [...o.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    else if (o && typeof o === "object") for (const [k, v] of Object.entries(o)) walk(v, p ? `${p}.${k}` : k);
  };
  walk(obj, "");
  return out;
}

describe("translations", () => {
  it("English and French have exactly the same keys", () => {
    const enKeys = keys(en).sort();
    const frKeys = keys(fr).sort();
    expect(frKeys).toEqual(enKeys);
    expect(enKeys.length).toBeGreaterThan(50);
  });

  it("uses the same interpolation variables in both languages", () => {
    expect(placeholders(fr)).toEqual(placeholders(en));
  });

  it("has no empty strings", () => {
    for (const [k, v] of Object.entries(placeholders(en))) expect(k && v).toBeTruthy();
    const empty = (o: unknown): boolean =>
      typeof o === "string" ? o.trim() === "" : Object.values(o as object).some(empty);
    expect(empty(en)).toBe(false);
    expect(empty(fr)).toBe(false);
  });
});

describe("resolveLanguage", () => {
  it("follows an explicit choice", () => {
    expect(resolveLanguage("fr", "en-US")).toBe("fr");
    expect(resolveLanguage("en", "fr-FR")).toBe("en");
  });
  it("maps system to French only for fr-* locales", () => {
    expect(resolveLanguage("system", "fr-CA")).toBe("fr");
    expect(resolveLanguage("system", "fr")).toBe("fr");
    expect(resolveLanguage("system", "de-DE")).toBe("en");
    expect(resolveLanguage("system", "en-GB")).toBe("en");
  });
});
