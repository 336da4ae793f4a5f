import { vi } from "vitest";
import type { KbLang, KbPage, KbPageSummary, KbSearchResult } from "../lib/knowledge";
import type { DiagnosticsInfo as Diagnostics, HistoryEntry as MeasureEntry, Profile as ProfileDto, SettingsData as Settings } from "../lib/api";

export const emptyProfile: ProfileDto = {
  name: null,
  sex: null,
  birth_year: null,
  weight_kg: null,
  height_cm: null,
  max_hr: null,
  resting_hr: null,
  lthr: null,
  ftp_w: null,
  threshold_pace_s_per_km: null,
  vma_kmh: null,
};

export const fullProfile: ProfileDto = {
  name: "Camille",
  sex: "female",
  birth_year: 1988,
  weight_kg: { value: 61.5, effective: "2026-01-10" },
  height_cm: { value: 168, effective: "2025-06-01" },
  max_hr: { value: 188, effective: "2026-03-01" },
  resting_hr: { value: 48, effective: "2026-02-15" },
  lthr: { value: 171, effective: "2026-03-01" },
  ftp_w: { value: 230, effective: "2026-02-20" },
  threshold_pace_s_per_km: { value: 262, effective: "2026-03-05" },
  vma_kmh: { value: 16.5, effective: "2026-03-05" },
};

export const history: MeasureEntry[] = [
  { measure: "max_hr", value: 188, effective: "2026-03-01", recorded_at: "2026-03-01T08:00:00Z", source: "manual" },
  { measure: "max_hr", value: 185, effective: "2025-09-01", recorded_at: "2025-09-01T08:00:00Z", source: "manual" },
];

export const diagnostics: Diagnostics = {
  app_version: "0.1.0",
  os: "linux",
  arch: "x86_64",
  sqlite_version: "3.46.0",
  schema_version: "1",
  database_path: "/home/camille/.local/share/tempo/tempo.db",
  database_size_bytes: 1572864,
  log_dir: "/home/camille/.local/share/tempo/logs",
  shell: { tauri_version: "2.5.0", webview_version: "WebKitGTK 2.44", settings_path: "/home/camille/.config/tempo/settings.json" },
};

export const defaultSettings: Settings = { language: "en", theme: "light", units: "metric" };

/** A fresh set of command mocks with happy defaults. */
export function makeCommands() {
  return {
    checkDatabase: vi.fn(async () => ({ status: "ok" as const, data: null })),
    getProfile: vi.fn(async () => ({ status: "ok" as const, data: fullProfile })),
    updateProfile: vi.fn(async () => ({ status: "ok" as const, data: fullProfile })),
    profileHistory: vi.fn(async () => ({ status: "ok" as const, data: history })),
    getDiagnostics: vi.fn(async () => ({ status: "ok" as const, data: diagnostics })),
    getSettings: vi.fn(async () => ({ status: "ok" as const, data: defaultSettings })),
    setSettings: vi.fn(async (s: Settings) => ({ status: "ok" as const, data: s })),
  };
}

// --- Knowledge base ---------------------------------------------------------

export const kbPageEn: KbPage = {
  id: "heart-rate-zones",
  title: "Heart rate zones: %HRmax, Karvonen and LTHR zones",
  language: "en",
  sport: "general",
  topics: ["heart rate zones", "karvonen", "lthr"],
  sources: [
    "Karvonen M.J., Kentala E., Mustala O. The effects of training on heart rate. Ann Med Exp Biol Fenn, 1957.",
    "Friel J. Total Heart Rate Training. Ulysses Press, 2006.",
  ],
  translation: "heart-rate-zones-fr",
  markdown: [
    "# Heart rate zones: %HRmax, Karvonen and LTHR zones",
    "",
    "Heart rate zones translate an internal effort signal into **training targets**.",
    "",
    "## %HRmax zones",
    "",
    "| Zone | %HRmax | Feel and use |",
    "|---|---|---|",
    "| 1 | 50-60% | Very light; recovery |",
    "| 2 | 60-70% | Light; easy aerobic running |",
    "",
    "## Common mistakes",
    "",
    "- Using 220 minus age as if it were measured.",
    "- Chasing a zone on a hot day; see `intensity-distribution`.",
  ].join("\n"),
};

export const kbPageFr: KbPage = {
  ...kbPageEn,
  id: "heart-rate-zones-fr",
  title: "Zones de fréquence cardiaque",
  language: "fr",
  topics: ["zones cardiaques", "karvonen"],
  translation: "heart-rate-zones",
  markdown: "# Zones de fréquence cardiaque\n\nLes zones cardiaques traduisent un signal d'effort interne.\n",
};

export const kbPageNoTranslation: KbPage = {
  id: "acwr-monotony-strain",
  title: "Acute:chronic workload ratio, training monotony and strain",
  language: "en",
  sport: "general",
  topics: ["acwr", "monotony"],
  sources: ["Foster C. Monitoring training in athletes with reference to overtraining syndrome. MSSE, 1998."],
  translation: null,
  markdown: "# Acute:chronic workload ratio, training monotony and strain\n\nThe ACWR compares the last week with the last four.\n",
};

const summary = ({ id, title, language, sport, topics, translation }: KbPageSummary): KbPageSummary => ({
  id,
  title,
  language,
  sport,
  topics,
  translation,
});

export const kbPageSummaries: KbPageSummary[] = [
  summary(kbPageEn),
  summary(kbPageFr),
  summary(kbPageNoTranslation),
  {
    id: "intensity-distribution",
    title: "Intensity distribution: polarised, pyramidal and threshold training",
    language: "en",
    sport: "running",
    topics: ["polarised"],
    translation: null,
  },
];

export const kbSearchHybrid: KbSearchResult = {
  mode: "hybrid",
  notice: null,
  took_ms: 12,
  hits: [
    {
      page_id: "heart-rate-zones",
      title: kbPageEn.title,
      heading: `${kbPageEn.title} > %HRmax zones`,
      language: "en",
      score: 0.82,
      text: "A widely used **five-zone** scheme:\n\n| Zone | %HRmax |\n|---|---|\n| 1 | 50-60% |",
    },
    {
      page_id: "acwr-monotony-strain",
      title: kbPageNoTranslation.title,
      heading: kbPageNoTranslation.title,
      language: "en",
      score: 0.41,
      text: "The ACWR compares the last week with the last four.",
    },
  ],
};

export const kbSearchBm25: KbSearchResult = {
  ...kbSearchHybrid,
  mode: "bm25_only",
  notice: "The embedding model is not installed: keyword search only",
  took_ms: 3,
};

/** Happy defaults for the knowledge-base commands. */
export function makeKbCommands() {
  const pages = [kbPageEn, kbPageFr, kbPageNoTranslation];
  return {
    kbSearch: vi.fn(async (_query: string, _k: number | null, _lang: KbLang | null) => ({
      status: "ok" as const,
      data: kbSearchHybrid,
    })),
    kbPage: vi.fn(async (id: string) => {
      const page = pages.find((p) => p.id === id);
      return page
        ? { status: "ok" as const, data: page }
        : { status: "error" as const, error: { code: "not_found" as const, message: `no page ${id}`, field: null } };
    }),
    kbPages: vi.fn(async () => ({ status: "ok" as const, data: kbPageSummaries })),
  };
}
