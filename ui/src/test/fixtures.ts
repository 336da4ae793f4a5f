import { vi } from "vitest";
import { makePlanCommands } from "./planFixtures";
import { makeOwnDataCommands } from "./ownDataFixtures";
import { makeEntryCommands } from "./entryFixtures";
import { makeCoachCommands } from "./coachFixtures";
import { makeSyncCommands } from "./syncFixtures";
import type { CurveKind, DateRange, LoadDay, MeasureKey, Period } from "../bindings";
import type { KbLang, KbPage, KbPageSummary, KbSearchResult } from "../lib/knowledge";
import type {
  ActivityDetail,
  ActivityFilter,
  ActivityList,
  ActivityMetrics,
  ActivitySummary,
  DiagnosticsInfo as Diagnostics,
  FitnessModel,
  MeanMaxCurve,
  Predictions,
  ThresholdEstimate,
  TrainingStatus,
  VolumePeriod,
  ZoneDistribution,
  HistoryEntry as MeasureEntry,
  ImportSummary,
  LoadModel,
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

/** A saved load model other than the defaults (so tests can tell them apart). */
export const loadModel: LoadModel = { ctl_days: 28, atl_days: 5, form: "exponential" };

export const defaultSettings: Settings = {
  language: "en",
  theme: "light",
  units: "metric",
  // Onboarded by default so the App tests land on their pages, not on /welcome.
  onboarded: true,
  demo: false,
  auto_backup: true,
  backup_keep: 7,
  reminders: { today_workout: true, plan_adjustment: true, sync_problem: true, weekly_summary: false, os_notifications: false },
  sync_interval_min: 60,
};

/** The default settings with a few changed (tests switch language or units this way). */
export function settingsWith(patch: Partial<Settings>): Settings {
  return { ...defaultSettings, ...patch };
}

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
    trainingStatus: vi.fn(async () => ({ status: "ok" as const, data: trainingStatus })),
    trainingVolume: vi.fn(async (_from: string | null, _to: string | null, _period: Period) => ({ status: "ok" as const, data: volumeWeeks })),
    meanMaxCurves: vi.fn(async (kind: CurveKind, ranges: DateRange[]) => ({ status: "ok" as const, data: meanMaxCurves(kind, ranges) })),
    zoneDistribution: vi.fn(async (_from: string | null, _to: string | null) => ({ status: "ok" as const, data: zoneDistribution })),
    fitnessPredictions: vi.fn(async () => ({ status: "ok" as const, data: predictions })),
    thresholdEstimates: vi.fn(async () => ({ status: "ok" as const, data: thresholdEstimates })),
    acceptThresholdEstimate: vi.fn(async (measure: MeasureKey, value: number | null) => ({
      status: "ok" as const,
      data: { ...fullProfile, [measure]: { value, effective: "2026-03-15" } },
    })),
    fitnessModel: vi.fn(async () => ({ status: "ok" as const, data: fitnessModel })),
    getLoadModel: vi.fn(async () => ({ status: "ok" as const, data: loadModel })),
    setLoadModel: vi.fn(async (model: LoadModel) => ({ status: "ok" as const, data: model })),
    ...makePlanCommands(),
    ...makeOwnDataCommands(),
    ...makeEntryCommands(),
    ...makeCoachCommands(),
    ...makeSyncCommands(),
  };
}

// --- Season views and fitness estimates (today is 2026-03-15, a Sunday) -----------

export const trainingStatus: TrainingStatus = {
  date: "2026-03-15",
  ctl: 50.7,
  atl: 62.3,
  tsb: -5.04,
  ramp_7d: 2.94,
  acwr: 1.18,
  monotony: 1.42,
  strain: 689,
  last_7_days: { sport: "all", activities: 5, moving_s: 21420, distance_m: 68400, ascent_m: 820, load: 412.6 },
};

/** Three weeks: running and swimming, an empty week, then cycling and running. */
export const volumeWeeks: VolumePeriod[] = [
  {
    start: "2026-02-23",
    end: "2026-03-01",
    activities: 4,
    moving_s: 13200,
    distance_m: 34000,
    load: 210,
    by_sport: [
      { sport: "running", activities: 3, moving_s: 10800, distance_m: 32000, ascent_m: 300, load: 180 },
      { sport: "swimming", activities: 1, moving_s: 2400, distance_m: 2000, ascent_m: 0, load: 30 },
    ],
    monotony: 1.1,
    strain: 231,
  },
  { start: "2026-03-02", end: "2026-03-08", activities: 0, moving_s: 0, distance_m: 0, load: 0, by_sport: [], monotony: null, strain: null },
  {
    start: "2026-03-09",
    end: "2026-03-15",
    activities: 4,
    moving_s: 18000,
    distance_m: 95000,
    load: 350,
    by_sport: [
      { sport: "cycling", activities: 2, moving_s: 10800, distance_m: 75000, ascent_m: 900, load: 210 },
      { sport: "running", activities: 2, moving_s: 7200, distance_m: 20000, ascent_m: 150, load: 140 },
    ],
    monotony: 1.3,
    strain: 455,
  },
];

/** Curves for the ranges asked: the first range fitter than the next ones. */
export function meanMaxCurves(kind: CurveKind, ranges: DateRange[]): MeanMaxCurve[] {
  const power: [number, number][][] = [
    [
      [5, 820],
      [60, 452],
      [300, 318],
      [1200, 271.4],
      [3600, 236],
    ],
    [
      [5, 790],
      [60, 430],
      [300, 301],
      [1200, 262],
    ],
  ];
  const pace: [number, number][][] = [
    [
      [60, 5.2],
      [300, 4.5],
      [1200, 4.0],
      [3600, 1000 / 270],
    ],
    [
      [60, 5.0],
      [300, 4.3],
      [1200, 3.9],
    ],
  ];
  const table = kind === "power" ? power : pace;
  return ranges.map((r, i) => ({
    from: r.from,
    to: r.to,
    points: (table[i] ?? []).map(([duration_s, value], j) => ({ duration_s, value, activity_id: 10 + i * 10 + j, date: r.from })),
  }));
}

export const zoneDistribution: ZoneDistribution[] = [
  {
    kind: "heart",
    model: "friel_lthr",
    activities: 9,
    zones: [
      { name: "Z1", seconds: 7200 },
      { name: "Z2", seconds: 28800 },
      { name: "Z3", seconds: 9000 },
      { name: "Z4", seconds: 3600 },
      { name: "Z5a", seconds: 1200 },
      { name: "Z5b", seconds: 600 },
      { name: "Z5c", seconds: 0 },
    ],
  },
  {
    kind: "power",
    model: "coggan",
    activities: 1,
    zones: [
      { name: "Z1 Active recovery", seconds: 600 },
      { name: "Z2 Endurance", seconds: 1800 },
      { name: "Z3 Tempo", seconds: 900 },
      { name: "Z4 Threshold", seconds: 300 },
      { name: "Z5 VO2max", seconds: 0 },
      { name: "Z6 Anaerobic", seconds: 0 },
      { name: "Z7 Neuromuscular", seconds: 0 },
    ],
  },
];

export const predictions: Predictions = {
  from: "2025-12-16",
  to: "2026-03-15",
  vdot: 48.6,
  vdot_effort: { activity_id: 3, date: "2026-03-01", distance_m: 10000, time_s: 2650 },
  races: [
    { name: "5 km", distance_m: 5000, vdot_time_s: 1262, riegel_time_s: 1271 },
    { name: "10 km", distance_m: 10000, vdot_time_s: 2623, riegel_time_s: 2650 },
    { name: "Half marathon", distance_m: 21097.5, vdot_time_s: 5795, riegel_time_s: 5863 },
    { name: "Marathon", distance_m: 42195, vdot_time_s: 12060, riegel_time_s: 12225 },
  ],
  paces: {
    easy_slow_s_per_km: 356,
    easy_fast_s_per_km: 318,
    marathon_s_per_km: 286,
    threshold_s_per_km: 268,
    interval_s_per_km: 246,
    repetition_s_per_km: 230,
  },
  critical_speed: { critical: 3.92, capacity: 212.4, critical_se: 0.04, capacity_se: 18.3, r_squared: 0.9962, points: 6 },
  critical_power: { critical: 262.4, capacity: 18200, critical_se: 3.8, capacity_se: 1120, r_squared: 0.9871, points: 6 },
  notes: [],
};

/** Nothing to predict from: no runs and no hard efforts in the window. */
export const noPredictions: Predictions = {
  from: "2025-12-16",
  to: "2026-03-15",
  vdot: null,
  vdot_effort: null,
  races: [],
  paces: null,
  critical_speed: null,
  critical_power: null,
  notes: [
    "no run of 1500 m or more since 2025-12-16: no VDOT, predictions or paces",
    "no 2–20 min running efforts since 2025-12-16 to fit a critical speed",
    "no 2–20 min power efforts since 2025-12-16 to fit a critical power",
  ],
};

export const thresholdEstimates: ThresholdEstimate[] = [
  {
    measure: "ftp_w",
    value: 262,
    current: 230,
    method: "eftp_20min",
    window_days: 90,
    basis: "95 % of the best 20-minute power in the last 90 days",
    activity_id: 2,
    date: "2026-02-27",
  },
  {
    measure: "threshold_pace_s_per_km",
    value: 255,
    current: 262,
    method: "critical_speed",
    window_days: 90,
    basis: "critical speed fitted to the best 2–20 min efforts of the last 90 days",
    activity_id: null,
    date: "2026-03-15",
  },
];

/** A max HR suggestion: the only estimate that looks back a year (365 days), not 90. */
export const maxHrEstimate: ThresholdEstimate = {
  measure: "max_hr",
  value: 193,
  current: 188,
  method: "max_hr_5s",
  window_days: 365,
  basis: "highest 5-second heart rate in the last 365 days",
  activity_id: 4,
  date: "2025-06-21",
};

export const fitnessModel: FitnessModel = {
  performance: "vdot",
  points: [
    { date: "2026-01-04", value: 46.9, activity_id: 4, predicted: 47.1 },
    { date: "2026-01-18", value: 47.4, activity_id: 5, predicted: 47.3 },
    { date: "2026-02-01", value: 47.8, activity_id: 6, predicted: 47.9 },
    { date: "2026-02-15", value: 48.1, activity_id: 7, predicted: 48.2 },
    { date: "2026-03-01", value: 48.6, activity_id: 3, predicted: 48.4 },
  ],
  fits: [
    {
      version: 1,
      fitted_at: "2026-02-02T08:00:00Z",
      through: "2026-02-01",
      points: 3,
      p0: 45.2,
      k1: 0.021,
      k2: 0.043,
      tau1: 41.3,
      tau2: 8.2,
      rmse: 0.42,
      later_points: 2,
      later_rmse: 0.95,
    },
    {
      version: 2,
      fitted_at: "2026-03-02T08:00:00Z",
      through: "2026-03-01",
      points: 5,
      p0: 45.4,
      k1: 0.019,
      k2: 0.038,
      tau1: 43.5,
      tau2: 7.4,
      rmse: 0.31,
      later_points: 0,
      later_rmse: null,
    },
  ],
  notes: [],
};

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
    rpe: null,
    manual: false,
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
  description: null,
  notes: null,
  counts_for_load: true,
  exclude_from_export: false,
  edited: [],
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

/** Friel's LTHR zones of the run. */
const FRIEL_ZONES = [
  { name: "Z1", low_bpm: null, high_bpm: 145.4, seconds: 305 },
  { name: "Z2", low_bpm: 145.4, high_bpm: 153.9, seconds: 1260 },
  { name: "Z3", low_bpm: 153.9, high_bpm: 160.7, seconds: 1500 },
  { name: "Z4", low_bpm: 160.7, high_bpm: 171, seconds: 480 },
  { name: "Z5a", low_bpm: 171, high_bpm: 174.4, seconds: 55 },
  { name: "Z5b", low_bpm: 174.4, high_bpm: 179.6, seconds: 0 },
  { name: "Z5c", low_bpm: 179.6, high_bpm: null, seconds: 0 },
];

/** Metrics of the run: power with an FTP, heart rate with LTHR zones, bests. */
export const activityMetrics: ActivityMetrics = {
  activity_id: 3,
  thresholds: {
    on: "2026-03-01",
    max_hr: { value: 188, effective: "2026-02-01" },
    resting_hr: { value: 48, effective: "2026-02-15" },
    lthr: { value: 171, effective: "2026-02-01" },
    ftp_w: { value: 250, effective: "2022-01-01" },
    threshold_pace_s_per_km: { value: 262, effective: "2026-02-01" },
    sex: "female",
  },
  power: { average_w: 231.4, normalized_w: 246.8, intensity_factor: 0.987, variability_index: 1.067, tss: 97.4 },
  heart: {
    banister_trimp: 121.3,
    edwards_trimp: 168,
    hrss: 92.6,
    zone_model: "friel_lthr",
    zones: FRIEL_ZONES,
    zone_models: [
      { model: "friel_lthr", zones: FRIEL_ZONES },
      {
        model: "percent_hrmax",
        zones: [
          { name: "below Z1", low_bpm: null, high_bpm: 94, seconds: 0 },
          { name: "Z1", low_bpm: 94, high_bpm: 112.8, seconds: 20 },
          { name: "Z2", low_bpm: 112.8, high_bpm: 131.6, seconds: 240 },
          { name: "Z3", low_bpm: 131.6, high_bpm: 150.4, seconds: 1500 },
          { name: "Z4", low_bpm: 150.4, high_bpm: 169.2, seconds: 1600 },
          { name: "Z5", low_bpm: 169.2, high_bpm: null, seconds: 240 },
        ],
      },
      {
        model: "karvonen_hrr",
        zones: [
          { name: "below Z1", low_bpm: null, high_bpm: 118, seconds: 10 },
          { name: "Z1", low_bpm: 118, high_bpm: 132, seconds: 250 },
          { name: "Z2", low_bpm: 132, high_bpm: 146, seconds: 900 },
          { name: "Z3", low_bpm: 146, high_bpm: 160, seconds: 1900 },
          { name: "Z4", low_bpm: 160, high_bpm: 174, seconds: 480 },
          { name: "Z5", low_bpm: 174, high_bpm: null, seconds: 60 },
        ],
      },
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
  running: { normalized_graded_speed_mps: 2.95, intensity_factor: 0.773, rtss: 59.8 },
  efficiency: { basis: "power", factor: 1.634, decoupling_percent: 3.2 },
  power_zones: {
    model: "coggan",
    bands: [
      { name: "Z1 Active recovery", low: null, high: 138, seconds: 300 },
      { name: "Z2 Endurance", low: 138, high: 188, seconds: 900 },
      { name: "Z3 Tempo", low: 188, high: 225, seconds: 1100 },
      { name: "Z4 Threshold", low: 225, high: 263, seconds: 800 },
      { name: "Z5 VO2max", low: 263, high: 300, seconds: 350 },
      { name: "Z6 Anaerobic", low: 300, high: 375, seconds: 120 },
      { name: "Z7 Neuromuscular", low: 375, high: null, seconds: 30 },
    ],
  },
  pace_zones: {
    model: "daniels",
    bands: [
      { name: "below E", low: null, high: 2.778, seconds: 200 },
      { name: "E", low: 2.778, high: 3.205, seconds: 2100 },
      { name: "M", low: 3.205, high: 3.597, seconds: 900 },
      { name: "T", low: 3.597, high: 3.953, seconds: 350 },
      { name: "I", low: 3.953, high: 4.255, seconds: 50 },
      { name: "R", low: 4.255, high: null, seconds: 0 },
    ],
  },
  w_balance: { cp_w: 262.4, w_prime_j: 18200, min_j: 6100, min_at_s: 1935, fit_from: "2025-12-02", fit_to: "2026-03-01" },
  load: { metric: "tss", value: 97.4 },
  notes: [],
};

/** The same run with no FTP on its date: no IF, no TSS; HRSS stands for the load. */
export const activityMetricsNoFtp: ActivityMetrics = {
  ...activityMetrics,
  thresholds: { ...activityMetrics.thresholds, ftp_w: null },
  power: { ...activityMetrics.power!, intensity_factor: null, tss: null },
  power_zones: null,
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
