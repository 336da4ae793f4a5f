import { z } from "zod";
import type { LoadModel } from "./api";
import { parseNumber } from "./profileForm";

/** The two forms of the exponentially weighted average the backend knows. */
export const LOAD_MODEL_FORMS = ["linear", "exponential"] as const;
export type LoadModelForm = (typeof LOAD_MODEL_FORMS)[number];

/** Coggan's defaults, as the backend's `LoadModel::default()`. */
export const LOAD_MODEL_DEFAULTS = { ctl_days: 42, atl_days: 7, form: "linear" } as const satisfies LoadModel;

/** Time constants allowed, in days (inclusive), mirroring the backend's check. */
export const TAU_MIN = 1;
export const TAU_MAX = 365;

/** Every number is kept as the text the athlete typed; the schema parses it. */
export type LoadModelFormValues = {
  ctl_days: string;
  atl_days: string;
  form: LoadModelForm;
};

/** Field names are the backend's, so a server error's `field` maps straight onto them. */
export type LoadModelField = keyof LoadModelFormValues;

export const LOAD_MODEL_FIELDS: LoadModelField[] = ["ctl_days", "atl_days", "form"];

/** The suffix used in data-testid attributes (load-model-<id>, load-model-error-<id>). */
export const LOAD_MODEL_TEST_ID: Record<LoadModelField, string> = {
  ctl_days: "ctl",
  atl_days: "atl",
  form: "form-select",
};

export function isLoadModelField(field: string | null | undefined): field is LoadModelField {
  return !!field && (LOAD_MODEL_FIELDS as string[]).includes(field);
}

/** Interpolation values for the validation message keys. */
export const loadModelMessageParams = () => ({ min: TAU_MIN, max: TAU_MAX });

function isForm(v: string): v is LoadModelForm {
  return (LOAD_MODEL_FORMS as readonly string[]).includes(v);
}

/**
 * The zod schema: both constants between 1 and 365 days, fatigue shorter than
 * fitness, a known form (checked by the enum). Messages are i18n keys (`validation.*`).
 */
export function loadModelSchema() {
  return z
    .object({
      ctl_days: z.string(),
      atl_days: z.string(),
      form: z.enum(LOAD_MODEL_FORMS, { message: "validation.load_form" }),
    })
    .superRefine((v, ctx) => {
      const fail = (path: LoadModelField, message: string) =>
        ctx.addIssue({ code: "custom", path: [path], message });
      const days: Partial<Record<"ctl_days" | "atl_days", number>> = {};
      for (const key of ["ctl_days", "atl_days"] as const) {
        const n = parseNumber(v[key]);
        if (n === null) fail(key, "validation.required");
        else if (Number.isNaN(n)) fail(key, "validation.number");
        else if (n < TAU_MIN || n > TAU_MAX) fail(key, "validation.days_range");
        else days[key] = n;
      }
      if (days.ctl_days !== undefined && days.atl_days !== undefined && days.atl_days >= days.ctl_days)
        fail("atl_days", "validation.atl_below_ctl");
    });
}

/** The form's values from a saved model (defaults where the model lacks a value). */
export function loadModelToForm(m: LoadModel | null): LoadModelFormValues {
  const ctl = m?.ctl_days ?? LOAD_MODEL_DEFAULTS.ctl_days;
  const atl = m?.atl_days ?? LOAD_MODEL_DEFAULTS.atl_days;
  return {
    ctl_days: String(ctl),
    atl_days: String(atl),
    form: m && isForm(m.form) ? m.form : LOAD_MODEL_DEFAULTS.form,
  };
}

/** The defaults as form values (what "Restore defaults" puts in the form). */
export const defaultLoadModelForm = (): LoadModelFormValues => loadModelToForm(LOAD_MODEL_DEFAULTS);

/** Converts validated form values into the command input. */
export function formToLoadModel(v: LoadModelFormValues): LoadModel {
  return {
    ctl_days: parseNumber(v.ctl_days),
    atl_days: parseNumber(v.atl_days),
    form: v.form,
  };
}
