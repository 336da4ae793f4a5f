// The dashboard's "Wellness today" form: values as typed, their checks, and the
// WellnessDay sent to the backend.
import { z } from "zod";
import { NOTES_MAX_CHARS, notesOrNull, type WellnessDay } from "./feedback";
import { parseNumber } from "./profileForm";

/** The 1–5 scales, each with the meaning of its ends (5 is best sleep, most soreness, best mood). */
export const WELLNESS_SCALES = ["sleep_quality", "soreness", "mood"] as const;
export type WellnessScale = (typeof WELLNESS_SCALES)[number];
export const SCALE_VALUES = [1, 2, 3, 4, 5];
export const SLEEP_RANGE = { min: 0, max: 24 } as const;

export type WellnessFormValues = {
  sleep_hours: string;
  sleep_quality: number | null;
  soreness: number | null;
  mood: number | null;
  notes: string;
};

export function wellnessToForm(day: WellnessDay | null): WellnessFormValues {
  return {
    sleep_hours: day?.sleep_hours != null ? String(day.sleep_hours) : "",
    sleep_quality: day?.sleep_quality ?? null,
    soreness: day?.soreness ?? null,
    mood: day?.mood ?? null,
    notes: day?.notes ?? "",
  };
}

const scale = z.number().int().min(1).max(5).nullable();

export const wellnessSchema = z
  .object({ sleep_hours: z.string(), sleep_quality: scale, soreness: scale, mood: scale, notes: z.string() })
  .superRefine((v, ctx) => {
    const h = parseNumber(v.sleep_hours);
    if (h !== null && Number.isNaN(h)) ctx.addIssue({ code: "custom", path: ["sleep_hours"], message: "validation.number" });
    else if (h !== null && (h < SLEEP_RANGE.min || h > SLEEP_RANGE.max))
      ctx.addIssue({ code: "custom", path: ["sleep_hours"], message: "validation.range" });
    if (v.notes.trim().length > NOTES_MAX_CHARS) ctx.addIssue({ code: "custom", path: ["notes"], message: "feedback.validation.notesLength" });
  });

export function formToWellness(date: string, v: WellnessFormValues): WellnessDay {
  const h = parseNumber(v.sleep_hours);
  return {
    date,
    sleep_hours: h === null || Number.isNaN(h) ? null : h,
    sleep_quality: v.sleep_quality,
    soreness: v.soreness,
    mood: v.mood,
    notes: notesOrNull(v.notes),
  };
}
