// The knowledge base's backend calls and the helpers its pages share.
// The single place the knowledge pages import their backend calls from.
import { commands as kb } from "../bindings";

export { kb };

type OkData<R> = R extends { status: "ok"; data: infer D } ? D : never;
type ErrData<R> = R extends { status: "error"; error: infer E } ? E : never;
type Returned<K extends "kbSearch" | "kbPage" | "kbPages"> = Awaited<ReturnType<(typeof kb)[K]>>;

export type KbSearchResult = OkData<Returned<"kbSearch">>;
export type KbHit = KbSearchResult["hits"][number];
export type KbPage = OkData<Returned<"kbPage">>;
export type KbPageSummary = OkData<Returned<"kbPages">>[number];
export type KbLang = NonNullable<Parameters<(typeof kb)["kbSearch"]>[2]>;
export type KbError = ErrData<Returned<"kbSearch">>;

/** The language filter of the search page: one language or both. */
export type LangChoice = KbLang | "all";

export const KB_LANGS: readonly KbLang[] = ["en", "fr"];

/** A `lang` URL value, else the UI language (the default hint follows the interface). */
export function langChoice(param: string | null, uiLanguage: string): LangChoice {
  if (param === "all" || param === "en" || param === "fr") return param;
  return uiLanguage.toLowerCase().startsWith("fr") ? "fr" : "en";
}

/** The search page's URL for a query and an explicitly chosen language (kept when set). */
export function searchHref(query: string, lang: string | null): string {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (lang) params.set("lang", lang);
  const s = params.toString();
  return s ? `/knowledge?${s}` : "/knowledge";
}

/** A page's URL; `search` (e.g. "?q=taper&lang=en") carries the query for the back link. */
export function pageHref(pageId: string, search = ""): string {
  return `/knowledge/${encodeURIComponent(pageId)}${search}`;
}

/** "Title > Section > Sub" without the leading title: what locates a hit in its page. */
export function headingTrail(heading: string, title: string): string[] {
  const parts = heading
    .split(" > ")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts[0] === title.trim()) parts.shift();
  return parts;
}

/** Plain text for a result snippet: markdown marks, table pipes and headings removed. */
export function snippetText(text: string, max = 320): string {
  const plain = text
    .split("\n")
    .filter((line) => !/^\s*#{1,6}\s/.test(line) && !/^\s*\|?\s*:?-{3,}/.test(line))
    .map((line) =>
      line
        .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, "")
        .replace(/^\s*>\s?/, "")
        .replace(/\|/g, " · ")
        .replace(/(\*\*|\*|`)(\S(?:.*?\S)?)\1/g, "$2")
        .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1"),
    )
    .join(" ")
    .replace(/(?:\s*·\s*)+/g, " · ")
    .replace(/^\s*·\s*|\s*·\s*$/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The page body without its leading `# Title` line (the page shows the title itself). */
export function withoutTitle(markdown: string): string {
  return markdown.replace(/^\s*#\s[^\n]*\n?/, "");
}

/** A stable element id for a heading, also used to jump to a search hit's section. */
export function headingId(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `kb-h-${slug || "section"}`;
}

/** Which message an error gets: decided on the stable `code`, never on the message. */
export function kbErrorKind(error: Pick<KbError, "code">): "invalid_input" | "not_found" | "other" {
  if (error.code === "invalid_input" || error.code === "not_found") return error.code;
  return "other";
}

/** A thrown failure (no desktop shell, a bug) as an error the pages can show. */
export function toKbError(e: unknown): KbError {
  return { code: "internal", message: e instanceof Error ? e.message : String(e), field: null };
}

const SPORT_COLORS: Record<string, string> = { running: "orange", cycling: "blue", general: "grape" };

/** The Mantine color of a page's sport badge. */
export function sportColor(sport: string): string {
  return SPORT_COLORS[sport] ?? "gray";
}

let pageIndex: Promise<KbPageSummary[]> | null = null;

/** All pages (for browsing and for linking page ids), fetched once per session on success. */
export function loadPageIndex(): Promise<KbPageSummary[]> {
  if (!pageIndex) {
    pageIndex = kb.kbPages().then((res) => {
      if (res.status === "ok") return res.data;
      throw res.error;
    });
    pageIndex.catch(() => {
      pageIndex = null;
    });
  }
  return pageIndex;
}

/** Test hook: forget the cached page list. */
export function resetPageIndex() {
  pageIndex = null;
}
