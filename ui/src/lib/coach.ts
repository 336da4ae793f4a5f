// Types and helpers for the coach. The types are the generated ones in
// ../bindings: what Rust sends (the `_Serialize` shapes, every field present)
// and what it accepts (the `_Deserialize` shapes, optional fields optional).
import type { TFunction } from "i18next";
import type {
  AskAbout,
  AskInput_Deserialize as AskInput,
  ChatMessage_Serialize as ChatMessage,
  Citation_Serialize as Citation,
  CoachAnswer_Serialize as CoachAnswer,
  CoachConfig_Serialize as CoachConfig,
  CoachConfigInput_Deserialize as CoachConfigInput,
  CoachEvent_Serialize as CoachEvent,
  CoachProvider,
  Conversation_Serialize as Conversation,
  ConversationSettingsInput_Deserialize as ConversationSettingsInput,
  ConversationSettingsInput_Serialize,
  ConversationSummary_Serialize as ConversationSummary,
  DownloadProgress_Serialize as DownloadProgress,
  ProviderSetup,
  RecommendedModel_Serialize as RecommendedModel,
  Suggestion_Serialize as Suggestion,
  UsageReport_Serialize as UsageReport,
  UsageRow_Serialize as UsageRow,
} from "../bindings";
import { formatNumber } from "./format";
import { formatMillis } from "./ownData";

export type {
  AskAbout,
  AskInput,
  ChatMessage,
  Citation,
  CoachAnswer,
  CoachConfig,
  CoachConfigInput,
  CoachEvent,
  CoachProvider,
  Conversation,
  ConversationSettingsInput,
  ConversationSummary,
  DownloadProgress,
  ProviderSetup,
  RecommendedModel,
  Suggestion,
  UsageReport,
  UsageRow,
};

/**
 * A conversation's own temperature and answer length (what it answers with);
 * null: the coach's default from Settings → Coach.
 */
export type ConversationSettings = ConversationSettingsInput_Serialize;
export const DEFAULT_CONVERSATION_SETTINGS: ConversationSettings = { temperature: null, max_tokens: null };

/** Every provider, in the order the settings list them (None, the default, first). */
export const COACH_PROVIDERS: readonly CoachProvider[] = ["none", "local", "openai_compatible", "openai", "anthropic", "gemini"];

/** Providers reached over HTTP: they have a base URL and a model name. */
export const REMOTE_PROVIDERS: readonly CoachProvider[] = ["openai_compatible", "openai", "anthropic", "gemini"];

/** Providers whose servers are someone else's: data leaves the computer (consent applies). */
export const CLOUD_PROVIDERS: readonly CoachProvider[] = ["openai", "anthropic", "gemini"];

/** Providers that need an API key (an OpenAI-compatible server may, e.g. OpenRouter). */
export const KEYED_PROVIDERS: readonly CoachProvider[] = ["openai_compatible", "openai", "anthropic", "gemini"];

export function isCoachProvider(x: unknown): x is CoachProvider {
  return typeof x === "string" && (COACH_PROVIDERS as readonly string[]).includes(x);
}

export const coachProviderName = (t: TFunction, p: CoachProvider | string) =>
  isCoachProvider(p) ? t(`coach.providers.${p}`) : p;

/** `?about=activity:12`, `?about=plan`, `?about=dashboard`, `?about=workout:5` → what the question is about. */
export function parseAbout(param: string | null): AskAbout | null {
  if (!param) return null;
  if (param === "plan" || param === "dashboard") return { kind: param };
  const m = /^(activity|workout):(\d+)$/.exec(param);
  if (m) return { kind: m[1] as "activity" | "workout", id: Number(m[2]) };
  return null;
}

/** The reverse of parseAbout, for links ("Ask the coach" buttons). */
export function aboutParam(about: AskAbout): string {
  return "id" in about ? `${about.kind}:${about.id}` : about.kind;
}

/** Where a citation leads in the app, or null when nowhere (a metric). */
export function citationHref(c: Pick<Citation, "kind" | "id">): string | null {
  switch (c.kind) {
    case "knowledge":
      return `/knowledge/${encodeURIComponent(c.id)}`;
    case "activity":
      return `/activities/${encodeURIComponent(c.id)}`;
    case "plan":
    case "workout":
      return "/plan";
    default:
      return null;
  }
}

const MARKER_KINDS: Record<string, Citation["kind"]> = {
  kb: "knowledge",
  activity: "activity",
  plan: "plan",
  workout: "workout",
  metric: "metric",
};
const MARKER = /\[((?:kb|activity|plan|workout|metric):[^\]\n]+)\]/g;

/**
 * Turns the markers a model writes (`[kb:tapering]`, `[activity:12, metric:load]`)
 * into numbered links to the answer's citations: "(1)" is the first chip. A
 * marker naming nothing the answer cites (made up, or not given to the model)
 * is dropped, so the text never points at something that is not there.
 */
export function linkCitations(text: string, citations: Citation[]): string {
  return text.replace(MARKER, (_, inner: string) => {
    const links = inner
      .split(/[,;]/)
      .map((part) => {
        const [prefix, ...rest] = part.trim().split(":");
        const kind = MARKER_KINDS[prefix];
        const id = rest.join(":").trim().replace(/^#/, "");
        const i = citations.findIndex((c) => c.kind === kind && c.id === id);
        if (i < 0) return null;
        const href = citationHref(citations[i]);
        return href ? `[(${i + 1})](${href})` : `(${i + 1})`;
      })
      .filter((l): l is string => l !== null);
    return links.join(" ");
  });
}

/** Error codes of the coach's providers that get their own hint (linking to Settings → Coach). */
export const HINTED_ERRORS = ["unreachable", "unauthorized", "rate_limited", "busy", "not_found", "invalid_input"] as const;
export type HintedError = (typeof HINTED_ERRORS)[number];
export function hintedError(code: string): HintedError | null {
  return (HINTED_ERRORS as readonly string[]).includes(code) ? (code as HintedError) : null;
}

/** The assistant message a finished answer becomes in the conversation. */
export function answerToMessage(a: CoachAnswer, createdAt = new Date().toISOString()): ChatMessage {
  return {
    id: a.message_id,
    role: "assistant",
    content: a.answer,
    created_at: createdAt,
    citations: a.citations,
    suggestions: a.suggestions,
    usage: a.usage,
    provider: a.provider,
    model: a.model,
    latency_ms: a.latency_ms,
    cost_usd: a.cost_usd,
    grounded: a.grounded,
    stopped: a.stopped,
  };
}

/** US dollars, with more digits for the small amounts a question costs ("$0.0031"). */
export function formatCost(usd: number, locale: string): string {
  const digits = usd !== 0 && Math.abs(usd) < 0.01 ? 4 : 2;
  return new Intl.NumberFormat(locale, { style: "currency", currency: "USD", maximumFractionDigits: digits, minimumFractionDigits: 2 }).format(usd);
}

/** "anthropic · claude-x · 120 → 340 tokens · 2.4 s · $0.0031" for an answer. */
export function answerMeta(m: ChatMessage, t: TFunction, locale: string): string {
  const parts: string[] = [];
  if (m.provider) parts.push(coachProviderName(t, m.provider));
  if (m.model) parts.push(m.model);
  if (m.usage) {
    const tokens = t("coach.meta.tokens", {
      prompt: formatNumber(m.usage.prompt_tokens, locale, 0),
      completion: formatNumber(m.usage.completion_tokens, locale, 0),
    });
    parts.push(m.usage.estimated ? `≈ ${tokens}` : tokens);
  }
  if (m.latency_ms !== null) parts.push(formatMillis(m.latency_ms, locale));
  if (m.cost_usd !== null && m.cost_usd > 0) parts.push(formatCost(m.cost_usd, locale));
  return parts.join(" · ");
}

/** The setup of one provider in a config, or an empty one. */
export function setupOf(config: CoachConfig, provider: CoachProvider): ProviderSetup {
  return (
    config.providers.find((p) => p.provider === provider) ?? {
      provider,
      base_url: "",
      model: "",
      has_key: false,
      cloud: CLOUD_PROVIDERS.includes(provider),
      consent_fields: [],
      strava_opt_in: false,
    }
  );
}

/** The config as the input that saves it unchanged. */
export function configToInput(c: CoachConfig): CoachConfigInput {
  return {
    active: c.active,
    temperature: c.temperature,
    max_tokens: c.max_tokens,
    providers: c.providers.map(({ provider, base_url, model }) => ({ provider, base_url, model })),
    local_model_path: c.local_model_path,
  };
}

/** Per-day token totals over the report's days (all providers together), for the chart. */
export function tokensPerDay(report: UsageReport): { days: string[]; prompt: number[]; completion: number[] } {
  const byDay = new Map<string, { prompt: number; completion: number }>();
  for (const r of report.rows) {
    const d = byDay.get(r.day) ?? { prompt: 0, completion: 0 };
    d.prompt += r.prompt_tokens;
    d.completion += r.completion_tokens;
    byDay.set(r.day, d);
  }
  const days = [...byDay.keys()].sort();
  return { days, prompt: days.map((d) => byDay.get(d)!.prompt), completion: days.map((d) => byDay.get(d)!.completion) };
}
