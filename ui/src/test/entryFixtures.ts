// Fixtures and happy command mocks for "own your data" entries: manual
// activities, edits, RPE and notes, wellness, the demo athlete.
import { vi } from "vitest";
import type { ActivityDetail } from "../lib/api";
import type { ActivityEdit, Feedback, ManualActivityInput, WellnessDay } from "../lib/feedback";
import { activityDetail } from "./fixtures";

const ok = <T,>(data: T) => ({ status: "ok" as const, data });

/** The id addActivity answers with by default. */
export const NEW_ACTIVITY_ID = 42;

/** Today's wellness (the fixtures' today is 2026-03-15). */
export const wellnessToday: WellnessDay = {
  date: "2026-03-15",
  sleep_hours: 7.5,
  sleep_quality: 4,
  soreness: 2,
  mood: 4,
  notes: "Slept well.",
};

/** The run after an edit: what the backend answers editActivity with. */
export function editedDetail(edit: ActivityEdit, base: ActivityDetail = activityDetail): ActivityDetail {
  const edited = (["name", "sport", "description", "counts_for_load"] as const).filter((f) => {
    const before = f === "name" || f === "sport" ? base.summary[f] : base[f];
    return (edit[f] ?? null) !== (before ?? null);
  });
  return {
    ...base,
    summary: { ...base.summary, name: edit.name ?? null, sport: edit.sport },
    description: edit.description ?? null,
    counts_for_load: edit.counts_for_load,
    exclude_from_export: edit.exclude_from_export,
    edited: [...new Set([...base.edited, ...edited])],
  };
}

/** Command mocks with happy defaults (spread into makeCommands). */
export function makeEntryCommands() {
  return {
    addActivity: vi.fn(async (_input: ManualActivityInput) => ok(NEW_ACTIVITY_ID)),
    editActivity: vi.fn(async (_id: number, edit: ActivityEdit) => ok(editedDetail(edit))),
    setActivityFeedback: vi.fn(async (_id: number, feedback: Feedback) => ok(feedback)),
    setWorkoutFeedback: vi.fn(async (_workoutId: number, feedback: Feedback) => ok(feedback)),
    wellnessDays: vi.fn(async (_from: string, _to: string) => ok<WellnessDay[]>([])),
    setWellness: vi.fn(async (day: WellnessDay) => ok(day)),
    startDemo: vi.fn(async () => ok(null)),
    removeDemo: vi.fn(async () => ok(null)),
  };
}
