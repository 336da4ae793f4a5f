import { describe, expect, it } from "vitest";
import { headingId, headingTrail, kbErrorKind, langChoice, pageHref, searchHref, snippetText, withoutTitle } from "./knowledge";

describe("knowledge helpers", () => {
  it("defaults the language to the interface and keeps an explicit choice", () => {
    expect(langChoice(null, "fr")).toBe("fr");
    expect(langChoice(null, "en-GB")).toBe("en");
    expect(langChoice("all", "fr")).toBe("all");
    expect(langChoice("en", "fr")).toBe("en");
    expect(langChoice("de", "fr")).toBe("fr");
  });

  it("builds search and page links", () => {
    expect(searchHref("", null)).toBe("/knowledge");
    expect(searchHref("taper & peak", "fr")).toBe("/knowledge?q=taper+%26+peak&lang=fr");
    expect(pageHref("vma-tests", "?q=vma")).toBe("/knowledge/vma-tests?q=vma");
  });

  it("drops the page title from a heading path", () => {
    expect(headingTrail("Tapering > How long > For a marathon", "Tapering")).toEqual(["How long", "For a marathon"]);
    expect(headingTrail("Tapering", "Tapering")).toEqual([]);
  });

  it("turns a markdown chunk into a plain snippet", () => {
    expect(snippetText("## Zones\n\n- **Zone 1:** easy, `recovery`\n- Zone 2\n")).toBe("Zone 1: easy, recovery Zone 2");
    expect(snippetText("| Zone | %HRmax |\n|---|---|\n| 1 | 50-60% |")).toBe("Zone · %HRmax · 1 · 50-60%");
    const long = snippetText("word ".repeat(200), 50);
    expect(long.length).toBeLessThanOrEqual(51);
    expect(long.endsWith("…")).toBe(true);
  });

  it("strips the title line and makes heading ids", () => {
    expect(withoutTitle("# Title\n\nIntro.\n\n## Part")).toBe("\nIntro.\n\n## Part");
    expect(headingId("Zones en % de la FCmax")).toBe("kb-h-zones-en-de-la-fcmax");
    expect(headingId("Récupération")).toBe("kb-h-recuperation");
  });

  it("classifies errors by code", () => {
    expect(kbErrorKind({ code: "invalid_input" })).toBe("invalid_input");
    expect(kbErrorKind({ code: "not_found" })).toBe("not_found");
    expect(kbErrorKind({ code: "storage" })).toBe("other");
  });
});
