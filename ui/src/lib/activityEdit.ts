// The athlete's edit of an activity: the values as typed, their checks, and the
// `ActivityEdit` sent to the backend (whose values then win over every source).
import { z } from "zod";
import type { ActivityDetail } from "./api";
import { SPORTS, isSport } from "./activities/format";
import { NOTES_MAX_CHARS, notesOrNull, type ActivityEdit } from "./feedback";
import { ENTRY_NAME_MAX } from "./manualEntry";

export type EditFormValues = {
  name: string;
  /** A sport key; one this UI has no word for is kept as it is. */
  sport: string;
  description: string;
  counts_for_load: boolean;
  exclude_from_export: boolean;
};

export type EditField = keyof EditFormValues;

export function editMessageParams(field: EditField): Record<string, number> {
  if (field === "name") return { max: ENTRY_NAME_MAX };
  if (field === "description") return { max: NOTES_MAX_CHARS };
  return {};
}

export const editSchema = z
  .object({
    name: z.string(),
    sport: z.string().min(1),
    description: z.string(),
    counts_for_load: z.boolean(),
    exclude_from_export: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.name.trim().length > ENTRY_NAME_MAX) ctx.addIssue({ code: "custom", path: ["name"], message: "validation.name_length" });
    if (v.description.trim().length > NOTES_MAX_CHARS)
      ctx.addIssue({ code: "custom", path: ["description"], message: "feedback.validation.notesLength" });
  });

export function detailToEditForm(d: ActivityDetail): EditFormValues {
  return {
    name: d.summary.name ?? "",
    sport: d.summary.sport,
    description: d.description ?? "",
    counts_for_load: d.counts_for_load,
    exclude_from_export: d.exclude_from_export,
  };
}

export function editFormToEdit(v: EditFormValues): ActivityEdit {
  return {
    name: notesOrNull(v.name),
    sport: v.sport,
    description: notesOrNull(v.description),
    counts_for_load: v.counts_for_load,
    exclude_from_export: v.exclude_from_export,
  };
}

export function isEditField(field: string | null | undefined): field is EditField {
  return field === "name" || field === "sport" || field === "description" || field === "counts_for_load" || field === "exclude_from_export";
}

/** The sports to offer: the known ones, plus the activity's own when this UI does not know it. */
export function sportOptions(current: string): string[] {
  return isSport(current) ? [...SPORTS] : [...SPORTS, current];
}
