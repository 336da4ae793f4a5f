// Imported first by main.tsx, before any library runs its module code.
//
// Under a POSIX "C" locale (LANG unset or LANG=C, common on servers and CI)
// WebKitGTK reports navigator.language as "C", which is not a BCP 47 tag:
// `new Intl.NumberFormat("C")` throws, and uPlot builds its number format
// from navigator.language when its module loads, so the whole app would fail
// to start. Replace an invalid tag with "en-US" (the UI language itself is
// chosen separately, in i18n).
export function usableLanguage(tag: string | undefined): string | null {
  if (!tag) return "en-US";
  try {
    new Intl.NumberFormat(tag);
    return null;
  } catch {
    return "en-US";
  }
}

if (typeof navigator !== "undefined") {
  const replacement = usableLanguage(navigator.language);
  if (replacement) {
    Object.defineProperty(navigator, "language", { value: replacement, configurable: true });
    Object.defineProperty(navigator, "languages", { value: [replacement], configurable: true });
  }
}
