// Browser-only fake backend for `npm run dev:mock` (UI work and screenshots without
// the Rust shell). Never bundled into a release: main.tsx loads it only when
// VITE_TEMPO_MOCK=1 at build/dev time.
import { emit } from "@tauri-apps/api/event";
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { activitiesMock, initActivitiesMock, mockFileDrops, mockLoadModel, setMockLoadModel } from "./devMockActivities";
import { COACH_COMMANDS, coachMock, initCoachMock } from "./devMockCoach";
import { ENTRY_COMMANDS, entriesMock, initEntriesMock } from "./devMockEntries";
import { kbMock } from "./devMockKb";
import { initOwnDataMock, OWN_DATA_COMMANDS, ownDataMock, ownDataSettings } from "./devMockOwnData";
import { initPlanMock, planMock } from "./devMockPlan";
import { initSyncMock, setMockSyncInterval, SYNC_COMMANDS, syncMock, syncSettings } from "./devMockSync";
import { trendsMock } from "./devMockTrends";

type Dated = { value: number; effective: string };
const today = new Date().toISOString().slice(0, 10);

const profile: Record<string, unknown> = {
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
const history: { measure: string; value: number; effective: string; recorded_at: string; source: string }[] = [];
let settings = { language: "system", theme: "system", units: "metric", onboarded: true, demo: false, ...ownDataSettings, ...syncSettings };
const dbError = new URLSearchParams(window.location.search).get("dbError");

/** The measures in force today, by key (for the season views and the estimates). */
function currentMeasures(): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(profile)) if (v && typeof v === "object") out[k] = (v as Dated).value;
  return out;
}

/** Records a measure effective on `effective`, as update_profile does. */
function setMeasure(k: string, v: number, effective: string, source: string) {
  profile[k] = { value: v, effective } satisfies Dated;
  history.push({ measure: k, value: v, effective, recorded_at: new Date().toISOString(), source });
}


function seedDemo() {
  const set = (k: string, value: number, effective: string) => {
    profile[k] = { value, effective };
    history.push({ measure: k, value, effective, recorded_at: `${effective}T08:00:00Z`, source: "manual" });
  };
  Object.assign(profile, { name: "Camille", sex: "female", birth_year: 1988 });
  set("weight_kg", 61.5, "2026-01-10");
  set("height_cm", 168, "2025-06-01");
  set("max_hr", 188, "2026-03-01");
  set("resting_hr", 48, "2026-02-15");
  set("lthr", 171, "2026-03-01");
  set("ftp_w", 230, "2026-02-20");
  set("threshold_pace_s_per_km", 262, "2026-03-05");
  set("vma_kmh", 16.5, "2026-03-05");
}

export function installDevMock() {
  const params = new URLSearchParams(window.location.search);
  // ?welcome: a first run; a started demo athlete survives its reload (see devMockEntries.ts).
  const entry = initEntriesMock(params);
  settings = { ...settings, ...entry };
  if (params.has("demo") || entry.demo) seedDemo();
  const theme = params.get("theme");
  if (theme === "dark" || theme === "light") settings = { ...settings, theme };
  const lang = params.get("lang");
  if (lang === "fr" || lang === "en") settings = { ...settings, language: lang };
  // ?kb=bm25 answers searches as if the embedding model were missing.
  const kbMode = params.get("kb") === "bm25" ? "bm25_only" : "hybrid";
  // ?activities=N sets the size of the generated history (10,000 by default; 0: empty).
  initActivitiesMock(params);
  // ?plan=none starts without a plan (the goal wizard); otherwise a demo plan five weeks in.
  initPlanMock(params);
  // ?inbox=empty starts without reminders; ?restore=too_new makes restores fail.
  initOwnDataMock(params);
  // ?coach=ollama starts on an Ollama server instead of grounded mode.
  initCoachMock(params);
  // ?sync=none starts with no account connected; ?sync=error with Strava's token refused.
  initSyncMock(params);
  mockWindows("main");
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, any>;
    if (OWN_DATA_COMMANDS.includes(cmd)) return ownDataMock(cmd, a);
    if (COACH_COMMANDS.includes(cmd)) return coachMock(cmd, a);
    if (SYNC_COMMANDS.includes(cmd)) return syncMock(cmd, a);
    if (ENTRY_COMMANDS.includes(cmd)) return entriesMock(cmd, a, (patch) => (settings = { ...settings, ...patch }));
    switch (cmd) {
      case "check_database":
        if (dbError)
          throw { code: dbError, message: `The database at /home/you/.local/share/tempo/tempo.db is ${dbError}. Move it aside and restart Tempo.`, field: null };
        return null;
      case "get_profile":
        return profile;
      case "update_profile": {
        const input = a.input as Record<string, any>;
        const effective = input.effective ?? today;
        for (const [k, v] of Object.entries(input)) {
          if (v === null || k === "effective") continue;
          if (["name", "sex", "birth_year"].includes(k)) profile[k] = v;
          else setMeasure(k, v, effective, "manual");
        }
        return profile;
      }
      case "profile_history":
        return history;
      case "get_diagnostics":
        return {
          app_version: "0.1.0-dev",
          os: "linux",
          arch: "x86_64",
          sqlite_version: "3.46.1",
          schema_version: "1",
          database_path: "/home/you/.local/share/tempo/tempo.db",
          database_size_bytes: 98304,
          log_dir: "/home/you/.local/share/tempo/logs",
          shell: { tauri_version: "2.x (mock)", webview_version: null, settings_path: "/home/you/.config/tempo/settings.json" },
        };
      case "get_settings":
        return settings;
      case "set_settings":
        if (typeof a.settings.sync_interval_min === "number" && a.settings.sync_interval_min !== settings.sync_interval_min)
          setMockSyncInterval(a.settings.sync_interval_min);
        settings = a.settings;
        return settings;
      case "kb_search":
      case "kb_page":
      case "kb_pages":
        return kbMock(cmd, a, kbMode);
      case "list_activities":
      case "get_activity":
      case "activity_streams":
      case "activity_metrics":
      case "load_series":
      case "delete_activity":
      case "add_activity":
      case "edit_activity":
      case "set_activity_feedback":
      case "choose_import_paths":
      case "import_activities":
      case "cancel_import":
        return activitiesMock(cmd, a, { measures: history, sex: (profile.sex as string | null) ?? null });
      case "training_status":
      case "training_volume":
      case "mean_max_curves":
      case "zone_distribution":
      case "fitness_predictions":
      case "threshold_estimates":
      case "fitness_model":
        return trendsMock(cmd, a, { measures: history, current: currentMeasures() });
      case "get_load_model":
        return mockLoadModel();
      case "set_load_model":
        return setMockLoadModel(a.model);
      case "accept_threshold_estimate": {
        const measure = a.measure as string;
        if (measure === "weight_kg" || measure === "height_cm")
          throw { code: "invalid_input", message: "Tempo does not estimate this measure", field: "measure" };
        if (typeof a.value !== "number" || !(a.value > 0)) throw { code: "invalid_input", message: "the value must be positive", field: "value" };
        setMeasure(measure, a.value, today, "estimate");
        return profile;
      }
      case "plan_level_from_activities":
      case "check_goal":
      case "create_plan":
      case "active_plan":
      case "list_plans":
      case "get_plan":
      case "activate_plan":
      case "move_planned_workout":
      case "skip_planned_workout":
      case "replace_planned_workout":
      case "set_workout_feedback":
      case "adapt_plan":
      case "decide_plan_adjustment":
      case "export_plan_file":
      case "export_plan_fit":
      case "save_plan_template":
      case "list_plan_templates":
      case "goal_from_template":
      case "delete_plan_template":
      case "delete_goal":
        return planMock(cmd, a);
      default:
        throw { code: "internal", message: `mock: unknown command ${cmd}`, field: null };
    }
  }, { shouldMockEvents: true });
  mockFileDrops(emit);
}
