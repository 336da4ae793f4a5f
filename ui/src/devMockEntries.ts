// "Own your data" entries in the dev mock backend (see devMock.ts): daily
// wellness, and the demo athlete. Manual activities, edits and RPE live with the
// activities (devMockActivities.ts), workout feedback with the plan (devMockPlan.ts).
//
// URL switches: `?welcome` opens as a first run (add `&activities=0` for an empty
// install, which the index then sends to /welcome). The demo, once started, is
// remembered for the browser tab so that it survives the reload it triggers.
import type { WellnessDay } from "./lib/feedback";

type Any = Record<string, any>;

export const ENTRY_COMMANDS = ["wellness_days", "set_wellness", "start_demo", "remove_demo"];

const DEMO_KEY = "tempo-mock-demo";
const wellness = new Map<string, WellnessDay>();

const invalid = (field: string, message: string) => ({ code: "invalid_input", message, field });

/**
 * The settings the URL and the tab's memory give: onboarded unless `?welcome`,
 * demo when it was started. In the demo, the history is the demo athlete's: a
 * season of activities even when `?activities=0` asked for an empty install.
 */
export function initEntriesMock(params: URLSearchParams): { onboarded: boolean; demo: boolean } {
  const demo = sessionStorage.getItem(DEMO_KEY) === "1";
  if (demo) params.set("activities", "600");
  // A little wellness history, so the dashboard card has something for "today".
  const today = new Date().toISOString().slice(0, 10);
  if (!params.has("welcome")) wellness.set(today, { date: today, sleep_hours: 7.5, sleep_quality: 4, soreness: 2, mood: 4, notes: null });
  return { onboarded: demo || !params.has("welcome"), demo };
}

function checkScale(field: string, v: unknown) {
  if (v !== null && !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5)) throw invalid(field, `${field} is a whole number from 1 to 5`);
}

function setWellness(day: WellnessDay): WellnessDay {
  if (day.sleep_hours !== null && !(day.sleep_hours >= 0 && day.sleep_hours <= 24)) throw invalid("sleep_hours", "sleep must be between 0 and 24 hours");
  checkScale("sleep_quality", day.sleep_quality);
  checkScale("soreness", day.soreness);
  checkScale("mood", day.mood);
  const saved = { ...day, notes: day.notes?.trim() || null };
  wellness.set(day.date, saved);
  return saved;
}

/** Answers the entry commands; `patchSettings` changes the mock's settings (the demo flag). */
export function entriesMock(cmd: string, a: Any, patchSettings: (patch: Any) => void): unknown {
  switch (cmd) {
    case "wellness_days":
      return [...wellness.values()].filter((d) => d.date >= a.from && d.date <= a.to).sort((x, y) => x.date.localeCompare(y.date));
    case "set_wellness":
      return setWellness(a.day);
    case "start_demo":
      sessionStorage.setItem(DEMO_KEY, "1");
      patchSettings({ demo: true });
      return null;
    case "remove_demo":
      sessionStorage.removeItem(DEMO_KEY);
      patchSettings({ demo: false });
      return null;
    default:
      return undefined;
  }
}
