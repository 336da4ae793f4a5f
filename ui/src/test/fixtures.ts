import { vi } from "vitest";
import type { LoadDay } from "../bindings";
import type { KbLang, KbPage, KbPageSummary, KbSearchResult } from "../lib/knowledge";
import type {
  ActivityDetail,
  ActivityFilter,
  ActivityList,
  ActivityMetrics,
  ActivitySummary,
  DiagnosticsInfo as Diagnostics,
  HistoryEntry as MeasureEntry,
  ImportSummary,
  PickKind,
  Profile as ProfileDto,
  SettingsData as Settings,
  Streams,
  Totals,
} from "../lib/api";

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

/** Three days of the fitness/fatigue series; the last is "today". */
export const loadSeriesDays: LoadDay[] = [
  { date: "2026-03-13", load: 80, ctl: 50.2, atl: 61.7, tsb: -9.4, ramp_7d: 3.1 },
  { date: "2026-03-14", load: 0, ctl: 49.0, atl: 54.0, tsb: -11.5, ramp_7d: 2.4 },
  { date: "2026-03-15", load: 120.5, ctl: 50.7, atl: 62.3, tsb: -5.0, ramp_7d: 2.9 },
];

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
    loadSeries: vi.fn(async (_from: string | null, _to: string | null) => ({ status: "ok" as const, data: loadSeriesDays })),
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

// --- Activities ---------------------------------------------------------------

const noTotals: Totals = {
  elapsed_s: null,
  timer_s: null,
  moving_s: null,
  distance_m: null,
  ascent_m: null,
  descent_m: null,
  avg_hr: null,
  max_hr: null,
  avg_speed_mps: null,
  max_speed_mps: null,
  avg_cadence: null,
  max_cadence: null,
  avg_power_w: null,
  max_power_w: null,
  calories_kcal: null,
};

export function makeActivity(id: number, over: Partial<Omit<ActivitySummary, "totals">> & { totals?: Partial<Totals> } = {}): ActivitySummary {
  const { totals, ...rest } = over;
  return {
    id,
    sport: "running",
    sub_sport: "generic",
    name: `Activity ${id}`,
    start: "2026-03-01T07:00:00Z",
    utc_offset_s: 3600,
    device: "Garmin Forerunner 965",
    has_gps: true,
    ...rest,
    totals: { ...noTotals, ...totals },
  };
}

export const activityRun = makeActivity(3, {
  name: "Lake loop",
  start: "2026-03-01T07:00:00Z",
  totals: { elapsed_s: 3690, timer_s: 3600, moving_s: 3540, distance_m: 10500, ascent_m: 142, avg_hr: 152, avg_speed_mps: 2.917, calories_kcal: 700 },
});
export const activityRide = makeActivity(2, {
  sport: "cycling",
  name: "Col de la Forclaz",
  start: "2026-02-27T13:30:00Z",
  device: "Wahoo ELEMNT BOLT",
  totals: { elapsed_s: 7200, timer_s: 7000, moving_s: 6800, distance_m: 52000, ascent_m: 1100, avg_hr: 138, avg_speed_mps: 7.5, avg_power_w: 205 },
});
export const activitySwim = makeActivity(1, {
  sport: "swimming",
  sub_sport: "pool",
  name: null,
  start: "2026-02-25T18:00:00Z",
  utc_offset_s: null,
  has_gps: false,
  totals: { elapsed_s: 2400, timer_s: 2300, moving_s: 2300, distance_m: 2000, avg_speed_mps: 0.87 },
});

export const activityList: ActivityList = {
  activities: [activityRun, activityRide, activitySwim],
  totals: { count: 3, distance_m: 64500, elapsed_s: 13290, moving_s: 12640, ascent_m: 1242, calories_kcal: 700 },
};

export const activityDetail: ActivityDetail = {
  summary: activityRun,
  device_totals: { ...noTotals, ...activityRun.totals, max_hr: 178, descent_m: 140, avg_cadence: 174, max_cadence: 188 },
  computed_totals: {
    ...noTotals,
    elapsed_s: 3690,
    timer_s: 3600,
    moving_s: 3530,
    distance_m: 9800,
    ascent_m: 120,
    descent_m: 118,
    avg_hr: 151,
    max_hr: 177,
    avg_speed_mps: 2.72,
    avg_cadence: 173,
    max_cadence: 188,
  },
  disagreements: [{ field: "distance_m", device: 10500, computed: 9800 }],
  laps: [
    { index: 0, start_offset_s: 0, totals: { ...noTotals, timer_s: 300, distance_m: 1000, avg_speed_mps: 3.333, avg_hr: 140 } },
    { index: 1, start_offset_s: 300, totals: { ...noTotals, timer_s: 280, distance_m: 1000, avg_speed_mps: 3.571, avg_hr: 155 } },
  ],
  lengths: [],
  pool_length_m: null,
  sources: [
    { file_name: "2026-03-01-lake.fit", format: "fit", origin: "file", size_bytes: 184320, primary: true, imported_at: "2026-03-01T12:00:00Z" },
    { file_name: "activities/123.gpx.gz", format: "gpx", origin: "strava_export", size_bytes: 90000, primary: false, imported_at: "2026-03-02T12:00:00Z" },
  ],
  sample_count: 7,
};

/** Seven samples with a pause between t=3 and t=10, a missing heart rate and a GPS loop. No power, no cadence. */
export const activityStreams: Streams = {
  time_s: [0, 1, 2, 3, 10, 11, 12],
  lat: [45.9, 45.901, 45.902, 45.901, 45.9, null, 45.9],
  lon: [6.13, 6.131, 6.13, 6.129, 6.13, null, 6.13],
  altitude: [450, 451, 452, 453, 452, 451, 450],
  distance: [0, 3, 6, 9, 9, 12, 15],
  speed: [3, 3, 3, 3, 0.2, 3, 3],
  heart_rate: [120, 125, null, 130, 128, 131, 133],
  cadence: null,
  power: null,
  temperature: null,
};

/** Metrics of the run: power with an FTP, heart rate with LTHR zones, bests. */
export const activityMetrics: ActivityMetrics = {
  activity_id: 3,
  thresholds: {
    on: "2026-03-01",
    max_hr: { value: 188, effective: "2026-02-01" },
    resting_hr: { value: 48, effective: "2026-02-15" },
    lthr: { value: 171, effective: "2026-02-01" },
    ftp_w: { value: 250, effective: "2022-01-01" },
    sex: "female",
  },
  power: { average_w: 231.4, normalized_w: 246.8, intensity_factor: 0.987, variability_index: 1.067, tss: 97.4 },
  heart: {
    banister_trimp: 121.3,
    edwards_trimp: 168,
    hrss: 92.6,
    zone_model: "friel_lthr",
    zones: [
      { name: "Z1", low_bpm: null, high_bpm: 145.4, seconds: 305 },
      { name: "Z2", low_bpm: 145.4, high_bpm: 153.9, seconds: 1260 },
      { name: "Z3", low_bpm: 153.9, high_bpm: 160.7, seconds: 1500 },
      { name: "Z4", low_bpm: 160.7, high_bpm: 171, seconds: 480 },
      { name: "Z5a", low_bpm: 171, high_bpm: 174.4, seconds: 55 },
      { name: "Z5b", low_bpm: 174.4, high_bpm: 179.6, seconds: 0 },
      { name: "Z5c", low_bpm: 179.6, high_bpm: null, seconds: 0 },
    ],
  },
  power_bests: [
    { duration_s: 5, average_w: 512, start_s: 1805 },
    { duration_s: 60, average_w: 340.5, start_s: 1800 },
    { duration_s: 1200, average_w: 262.2, start_s: 600 },
    { duration_s: 3600, average_w: 231.4, start_s: 0 },
  ],
  distance_bests: [
    { distance_m: 400, time_s: 78.4, start_s: 1810 },
    { distance_m: 1000, time_s: 215, start_s: 1700 },
    { distance_m: 1609.344, time_s: 352.6, start_s: 1650 },
    { distance_m: 5000, time_s: 1230, start_s: 600 },
    { distance_m: 10000, time_s: 2650, start_s: 200 },
  ],
  load: { metric: "tss", value: 97.4 },
  notes: [],
};

/** The same run with no FTP on its date: no IF, no TSS; HRSS stands for the load. */
export const activityMetricsNoFtp: ActivityMetrics = {
  ...activityMetrics,
  thresholds: { ...activityMetrics.thresholds, ftp_w: null },
  power: { ...activityMetrics.power!, intensity_factor: null, tss: null },
  load: { metric: "hrss", value: 92.6 },
  notes: ["no FTP recorded on 2026-03-01: no intensity factor or TSS"],
};

export const importSummary: ImportSummary = {
  files: 4,
  imported: 2,
  merged: 0,
  duplicates: 1,
  failed: [{ file: "/data/broken.fit", reason: "not a FIT file: the header is damaged" }],
  warnings: [{ file: "/data/a.gpx", reason: "3 samples without a time were skipped" }],
  cancelled: false,
  activity_ids: [10, 11],
  bytes: 400000,
  seconds: 1.25,
};

/** Happy defaults for the activity commands. */
export function makeActivityCommands() {
  return {
    listActivities: vi.fn(async (_filter: Partial<ActivityFilter> | null) => ({ status: "ok" as const, data: activityList })),
    getActivity: vi.fn(async (id: number) =>
      id === activityDetail.summary.id
        ? { status: "ok" as const, data: activityDetail }
        : { status: "error" as const, error: { code: "not_found" as const, message: `there is no activity ${id}`, field: null } },
    ),
    activityStreams: vi.fn(async (_id: number) => ({ status: "ok" as const, data: activityStreams })),
    activityMetrics: vi.fn(async (_id: number) => ({ status: "ok" as const, data: activityMetrics })),
    deleteActivity: vi.fn(async (_id: number) => ({ status: "ok" as const, data: null })),
    chooseImportPaths: vi.fn(async (kind: PickKind) => ({
      status: "ok" as const,
      data: kind === "folder" ? ["/data"] : ["/data/a.gpx", "/data/b.fit"],
    })),
    importActivities: vi.fn(async (_paths: string[], _ch: unknown) => ({ status: "ok" as const, data: importSummary })),
    cancelImport: vi.fn(async () => ({ status: "ok" as const, data: true })),
  };
}
