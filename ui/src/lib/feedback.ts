// How a session felt (RPE and notes) and how the athlete is today (wellness).
// Types are derived from the command signatures, as in ./api, so the UI keeps
// compiling whichever shape the regenerated bindings give them.
import type { commands } from "../bindings";

type OkData<R> = R extends { status: "ok"; data: infer D } ? D : never;
type Returned<K extends keyof typeof commands> = Awaited<ReturnType<(typeof commands)[K]>>;

/** RPE (CR10) and free notes, as set on an activity or a planned workout. */
export type Feedback = OkData<Returned<"setActivityFeedback">>;
export type WellnessDay = OkData<Returned<"setWellness">>;
export type ManualActivityInput = Parameters<(typeof commands)["addActivity"]>[0];
export type ActivityEdit = Parameters<(typeof commands)["editActivity"]>[1];

export const RPE_MIN = 0;
export const RPE_MAX = 10;
export const RPE_VALUES = Array.from({ length: RPE_MAX - RPE_MIN + 1 }, (_, i) => RPE_MIN + i);

/** The verbal anchors of Borg's CR10 scale, by i18n key under "feedback.rpe.anchors". */
export type RpeAnchor = "rest" | "veryEasy" | "easy" | "moderate" | "somewhatHard" | "hard" | "veryHard" | "maximal";

export function rpeAnchor(rpe: number): RpeAnchor {
  if (rpe <= 0) return "rest";
  if (rpe >= 10) return "maximal";
  if (rpe >= 7) return "veryHard";
  if (rpe >= 5) return "hard";
  return (["veryEasy", "easy", "moderate", "somewhatHard"] as const)[Math.round(rpe) - 1];
}

/** Mantine colour of an RPE, from calm to alarming. */
export function rpeColor(rpe: number): string {
  if (rpe <= 2) return "teal";
  if (rpe <= 4) return "lime";
  if (rpe <= 6) return "yellow";
  if (rpe <= 8) return "orange";
  return "red";
}

/** Notes as the backend stores them: trimmed, null when blank. */
export function notesOrNull(text: string): string | null {
  const s = text.trim();
  return s === "" ? null : s;
}

/** Longest free text (notes, descriptions) the forms accept: the backend's limit. */
export const NOTES_MAX_CHARS = 10_000;
