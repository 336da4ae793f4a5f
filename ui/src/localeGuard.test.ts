import { describe, expect, it } from "vitest";
import { usableLanguage } from "./localeGuard";

describe("usableLanguage", () => {
  it("keeps valid tags", () => {
    expect(usableLanguage("fr-FR")).toBeNull();
    expect(usableLanguage("en")).toBeNull();
  });
  it("replaces the POSIX C locale and empty values", () => {
    expect(usableLanguage("C")).toBe("en-US");
    expect(usableLanguage("")).toBe("en-US");
    expect(usableLanguage(undefined)).toBe("en-US");
  });
});
