// The Settings → Coach form: values as typed (strings), the zod schema that
// checks them (messages are i18n keys), and the input that saves them.
import { z } from "zod";
import { COACH_PROVIDERS, REMOTE_PROVIDERS, setupOf, type CoachConfig, type CoachConfigInput, type CoachProvider } from "./coach";

export type ProviderFormValues = { provider: CoachProvider; base_url: string; model: string };
export type CoachFormValues = {
  active: CoachProvider;
  temperature: string;
  max_tokens: string;
  /** One per remote provider, in REMOTE_PROVIDERS order. */
  providers: ProviderFormValues[];
  local_model_path: string | null;
};

export const TEMPERATURE_RANGE = [0, 2] as const;
export const MAX_TOKENS_RANGE = [16, 32768] as const;

export function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === "http:" || u.protocol === "https:") && !!u.hostname;
  } catch {
    return false;
  }
}

export function coachSchema() {
  const provider = z.enum(COACH_PROVIDERS as [CoachProvider, ...CoachProvider[]]);
  return z
    .object({
      active: provider,
      temperature: z
        .string()
        .trim()
        .refine((v) => v !== "" && Number.isFinite(Number(v)) && Number(v) >= TEMPERATURE_RANGE[0] && Number(v) <= TEMPERATURE_RANGE[1], {
          message: "coach.settings.errors.temperature",
        }),
      max_tokens: z
        .string()
        .trim()
        .refine((v) => /^\d+$/.test(v) && Number(v) >= MAX_TOKENS_RANGE[0] && Number(v) <= MAX_TOKENS_RANGE[1], {
          message: "coach.settings.errors.maxTokens",
        }),
      providers: z.array(z.object({ provider, base_url: z.string().trim(), model: z.string().trim() })),
      local_model_path: z.string().nullable(),
    })
    .superRefine((v, ctx) => {
      v.providers.forEach((p, i) => {
        const required = p.provider === v.active;
        if ((required || p.base_url !== "") && !isHttpUrl(p.base_url))
          ctx.addIssue({ code: "custom", path: ["providers", i, "base_url"], message: "coach.settings.errors.baseUrl" });
        if (required && p.model === "")
          ctx.addIssue({ code: "custom", path: ["providers", i, "model"], message: "coach.settings.errors.model" });
      });
    });
}

export function configToForm(c: CoachConfig): CoachFormValues {
  return {
    active: c.active,
    temperature: String(c.temperature),
    max_tokens: String(c.max_tokens),
    providers: REMOTE_PROVIDERS.map((p) => {
      const s = setupOf(c, p);
      return { provider: p, base_url: s.base_url, model: s.model };
    }),
    local_model_path: c.local_model_path,
  };
}

/** What coach_set_config gets: the form's providers, and the others as the config has them. */
export function formToInput(v: CoachFormValues, c: CoachConfig): CoachConfigInput {
  const edited = v.providers.map((p) => ({ provider: p.provider, base_url: p.base_url.trim(), model: p.model.trim() }));
  const others = c.providers
    .filter((p) => !REMOTE_PROVIDERS.includes(p.provider))
    .map(({ provider, base_url, model }) => ({ provider, base_url, model }));
  return {
    active: v.active,
    temperature: Number(v.temperature),
    max_tokens: Number(v.max_tokens),
    providers: [...others, ...edited],
    local_model_path: v.local_model_path,
  };
}

/** A model file's size in decimal units, as download pages give it ("4.9 GB", "850 MB"). */
export function formatModelSize(bytes: number, locale: string): string {
  const nf = (v: number, d: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: d }).format(v);
  return bytes >= 1e9 ? `${nf(bytes / 1e9, 1)} GB` : `${nf(bytes / 1e6, 0)} MB`;
}
