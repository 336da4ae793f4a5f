// The coach in the browser-only fake backend: answers streamed word by word on
// their channel (with a tool step, citations and, about the plan, a suggestion),
// conversations, usage, configuration, and a model download with progress.
import type {
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
  RecommendedModel,
  Suggestion,
  UsageReport,
  UsageRow,
} from "./lib/coach";
import { ownDataMock } from "./devMockOwnData";
import type { PrivacyOverview } from "./lib/ownData";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export const COACH_COMMANDS = [
  "coach_config",
  "coach_set_config",
  "coach_set_api_key",
  "coach_models",
  "coach_ask",
  "coach_regenerate",
  "coach_stop",
  "coach_decide_suggestion",
  "coach_conversations",
  "coach_conversation",
  "coach_rename_conversation",
  "coach_conversation_settings",
  "coach_delete_conversation",
  "coach_export_conversation",
  "coach_save_conversation",
  "coach_usage",
  "coach_suggested_questions",
  "coach_recommended_models",
  "coach_download_model",
  "coach_cancel_download",
  "coach_choose_model_file",
];

const CLOUD: CoachProvider[] = ["openai", "anthropic", "gemini"];
const DEFAULT_URLS: Partial<Record<CoachProvider, [string, string]>> = {
  openai_compatible: ["http://localhost:11434/v1", "llama3.1:8b"],
  openai: ["https://api.openai.com/v1", "gpt-4o-mini"],
  anthropic: ["https://api.anthropic.com", "claude-3-5-haiku-latest"],
  gemini: ["https://generativelanguage.googleapis.com", "gemini-2.0-flash"],
};
const MODELS_DIR = "/home/you/.local/share/tempo/models";

type Setup = { base_url: string; model: string; has_key: boolean };
let config: { active: CoachProvider; temperature: number; max_tokens: number; local_model_path: string | null; setups: Record<string, Setup> };
let conversations: Conversation[] = [];
let usage: UsageRow[] = [];
let nextId = 1;
let streaming: { stopped: boolean } | null = null;
let downloading: { cancelled: boolean } | null = null;
let downloaded: Record<string, string> = {};
let tokenDelay = 35;

const iso = (d: Date) => d.toISOString();
const day = (offset: number) => {
  const d = new Date();
  d.setDate(d.getDate() - offset);
  return d.toISOString().slice(0, 10);
};

function message(role: "user" | "assistant", content: string, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: nextId++,
    role,
    content,
    created_at: iso(new Date()),
    citations: [],
    suggestions: [],
    usage: null,
    provider: null,
    model: null,
    latency_ms: null,
    cost_usd: null,
    grounded: false,
    stopped: false,
    ...extra,
  };
}

/** Resets the coach: grounded mode, two past conversations, a month of usage. `?coach=ollama` starts on Ollama. */
export function initCoachMock(params: URLSearchParams, opts: { tokenDelayMs?: number } = {}) {
  tokenDelay = opts.tokenDelayMs ?? 35;
  nextId = 1;
  streaming = null;
  downloading = null;
  downloaded = {};
  config = {
    active: params.get("coach") === "ollama" ? "openai_compatible" : "none",
    temperature: 0.3,
    max_tokens: 1024,
    local_model_path: null,
    setups: Object.fromEntries(
      Object.entries(DEFAULT_URLS).map(([p, [base_url, model]]) => [p, { base_url, model, has_key: p === "anthropic" }]),
    ),
  };
  const c1: Conversation = {
    id: 1,
    title: "Why was Tuesday's run so hard?",
    created_at: iso(new Date(Date.now() - 86400000 * 3)),
    updated_at: iso(new Date(Date.now() - 86400000 * 3)),
    temperature: null,
    max_tokens: null,
    messages: [],
  };
  nextId = 100;
  c1.messages = [
    message("user", "Why was Tuesday's run so hard?"),
    message(
      "assistant",
      "Your **heart rate drifted 7 %** in the second half (aerobic decoupling), and your fatigue (ATL) was 62 against a fitness of 51.\n\n| | Value |\n|---|---|\n| Decoupling | 7.1 % |\n| TSB | −11 |\n\nSee *Aerobic decoupling* for what it means.",
      {
        citations: [
          { kind: "knowledge", id: "aerobic-decoupling", title: "Aerobic decoupling", detail: "What drift tells you" },
          { kind: "activity", id: "1", title: "Tuesday run", detail: null },
        ],
        grounded: true,
        provider: "none",
        model: "",
        usage: { prompt_tokens: 0, completion_tokens: 0, estimated: false },
        latency_ms: 180,
      },
    ),
  ];
  const c2: Conversation = {
    id: 2,
    title: "Taper before the half marathon",
    created_at: iso(new Date(Date.now() - 86400000 * 10)),
    updated_at: iso(new Date(Date.now() - 86400000 * 9)),
    // Its own settings, so the chat header has a conversation that differs from Settings → Coach.
    temperature: 0.7,
    max_tokens: 600,
    messages: [message("user", "How long should my taper be?"), message("assistant", "Ten days to two weeks for a half marathon.", { provider: "none", model: "", grounded: true })],
  };
  conversations = [c1, c2];
  usage = [];
  for (let i = 0; i < 30; i += 3) {
    usage.push({ day: day(i), provider: "openai_compatible", model: "llama3.1:8b", requests: 2 + (i % 4), prompt_tokens: 2400 + i * 50, completion_tokens: 600 + i * 20, avg_latency_ms: 5200, cost_usd: null });
    if (i % 2 === 0)
      usage.push({ day: day(i), provider: "anthropic", model: "claude-3-5-haiku-latest", requests: 1, prompt_tokens: 3100, completion_tokens: 420, avg_latency_ms: 2100, cost_usd: 0.0042 });
  }
}

function publicConfig(): CoachConfig {
  const consents = (ownDataMock("privacy_overview", {}) as PrivacyOverview).consents;
  const providers = (["none", "local", "openai_compatible", "openai", "anthropic", "gemini"] as CoachProvider[]).map((p) => {
    const s = config.setups[p] ?? { base_url: "", model: "", has_key: false };
    const fields = consents.find((c) => c.provider === p)?.fields ?? [];
    return { provider: p, ...s, cloud: CLOUD.includes(p), consent_fields: fields, strava_opt_in: fields.includes("strava_activities") };
  });
  return {
    active: config.active,
    temperature: config.temperature,
    max_tokens: config.max_tokens,
    providers,
    local_model_path: config.local_model_path,
    local_model_ready: !!config.local_model_path && config.local_model_path.endsWith(".gguf"),
  };
}

function summary(c: Conversation): ConversationSummary {
  const last = [...c.messages].reverse().find((m) => m.role === "assistant");
  return {
    id: c.id,
    title: c.title,
    created_at: c.created_at,
    updated_at: c.updated_at,
    message_count: c.messages.length,
    provider: last?.provider ?? null,
    model: last?.model ?? null,
    temperature: c.temperature,
    max_tokens: c.max_tokens,
  };
}

/** The backend's check_sampling: what every provider accepts (null: not set, always fine). */
function checkSampling(temperature: number | null | undefined, maxTokens: number | null | undefined) {
  if (temperature != null && !(temperature >= 0 && temperature <= 2))
    throw { code: "invalid_input", message: "the temperature is between 0 and 2", field: "temperature" };
  // Rust takes a u32: a fraction would not even deserialize.
  if (maxTokens != null && !(Number.isInteger(maxTokens) && maxTokens >= 16 && maxTokens <= 32768))
    throw { code: "invalid_input", message: "the answer length is between 16 and 32,768 tokens", field: "max_tokens" };
}

function find(id: number): Conversation {
  const c = conversations.find((x) => x.id === id);
  if (!c) throw { code: "not_found", message: `there is no conversation ${id}`, field: null };
  return c;
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

function sender(channel: Any) {
  let index = 0;
  return (message: CoachEvent) => {
    const internals = (window as Any).__TAURI_INTERNALS__;
    internals.runCallback(channel.id, { index: index++, message });
  };
}

/** What the fake coach says to a question: text, what it cites, and maybe a suggestion. */
function compose(question: string, about: AskInput["about"], grounded: boolean): { text: string; citations: Citation[]; suggestions: Suggestion[] } {
  const fr = /[àâçéèêëîïôûù]|\b(pourquoi|comment|est-ce|mon|ma|mes)\b/i.test(question);
  const plan = about?.kind === "plan" || /plan|workout|séance|move|déplacer/i.test(question);
  const citations: Citation[] = [
    { kind: "knowledge", id: "training-load", title: fr ? "Charge d'entraînement" : "Training load", detail: "CTL, ATL, TSB" },
    { kind: "metric", id: "load", title: fr ? "Forme et fatigue" : "Fitness and fatigue", detail: null },
  ];
  if (about?.kind === "activity") citations.push({ kind: "activity", id: String(about.id), title: fr ? `Activité ${about.id}` : `Activity ${about.id}`, detail: null });
  if (plan) citations.push({ kind: "plan", id: "1", title: fr ? "Votre plan" : "Your plan", detail: null });
  const text = grounded
    ? fr
      ? `**Vos chiffres** : forme (CTL) 50,7, fatigue (ATL) 62,3, fraîcheur (TSB) −5.\n\n> « La fraîcheur négative indique une fatigue accumulée ; une semaine plus légère la remonte. » — *Charge d'entraînement*`
      : `**Your numbers**: fitness (CTL) 50.7, fatigue (ATL) 62.3, form (TSB) −5.\n\n> "A negative form means accumulated fatigue; a lighter week brings it back up." — *Training load*`
    : fr
      ? `Bonne question. Votre fatigue (ATL 62) dépasse votre forme (CTL 51) : vous êtes en **phase de charge**.\n\n- Gardez la sortie longue de dimanche facile.\n- Placez la séance de seuil après un jour de repos.\n\nSi la fatigue persiste, décalez la séance de fractionné.`
      : `Good question. Your fatigue (ATL 62) is above your fitness (CTL 51): you are in a **loading phase**.\n\n- Keep Sunday's long run easy.\n- Put the threshold session after a rest day.\n\nIf the fatigue lasts, push the interval session back a day.`;
  const suggestions: Suggestion[] = plan
    ? [
        {
          id: `s${nextId}`,
          kind: "move_workout",
          workout_id: 7,
          title: fr ? "Fractionné 6 × 800 m" : "Intervals 6 × 800 m",
          from: day(-1),
          to: day(-2),
          reason: fr ? "Deux séances dures d'affilée avec une fatigue déjà élevée." : "Two hard days in a row with fatigue already high.",
          status: "pending",
        },
      ]
    : [];
  return { text, citations, suggestions };
}

async function answer(c: Conversation, question: string, input: Pick<AskInput, "about" | "provider" | "model">, channel: Any): Promise<CoachAnswer> {
  if (streaming) throw { code: "busy", message: "the coach is already answering", field: null };
  const provider = input.provider ?? config.active;
  if (CLOUD.includes(provider)) {
    const consents = (ownDataMock("privacy_overview", {}) as PrivacyOverview).consents;
    if (!consents.some((x) => x.provider === provider)) throw { code: "consent_required", message: `allow ${provider} to receive your data first`, field: provider };
    if (!config.setups[provider]?.has_key) throw { code: "unauthorized", message: `${provider} has no API key`, field: null };
  }
  if (provider === "local" && !config.local_model_path) throw { code: "not_found", message: "choose or download a local model first", field: null };
  const grounded = provider === "none";
  const model = grounded ? "" : (input.model ?? config.setups[provider]?.model ?? "tempo-local.gguf");
  // A model stops at the answer length, the conversation's own or the coach's
  // default; a grounded answer is written without one. The temperature has
  // nothing to vary in canned text: it is only kept, as the backend does.
  const limit = grounded ? Infinity : (c.max_tokens ?? config.max_tokens);
  const send = sender(channel);
  const job = { stopped: false };
  streaming = job;
  const t0 = performance.now();
  try {
    send({ event: "started", conversation_id: c.id, provider, model, grounded });
    send({ event: "tool", name: "search_knowledge", detail: question.slice(0, 40) });
    await sleep(tokenDelay * 6);
    send({ event: "tool", name: "training_status", detail: "CTL, ATL, TSB" });
    await sleep(tokenDelay * 4);
    const { text, citations, suggestions } = compose(question, input.about, grounded);
    let written = "";
    let first: number | null = null;
    let tokens = 0;
    for (const word of text.split(/(?<=\s)/)) {
      if (job.stopped || tokens++ >= limit) break;
      await sleep(tokenDelay);
      written += word;
      first ??= performance.now() - t0;
      send({ event: "token", text: word });
    }
    const prompt = grounded ? 0 : 1800 + question.length * 3;
    const completion = grounded ? 0 : Math.round(written.length / 4);
    const latency = Math.round(performance.now() - t0);
    const cost = CLOUD.includes(provider) ? (prompt * 0.8 + completion * 4) / 1e6 : null;
    const m = message("assistant", written, {
      citations: job.stopped ? [] : citations,
      suggestions: job.stopped ? [] : suggestions,
      usage: { prompt_tokens: prompt, completion_tokens: completion, estimated: provider === "local" },
      provider,
      model,
      latency_ms: latency,
      cost_usd: cost,
      grounded,
      stopped: job.stopped,
    });
    c.messages.push(m);
    c.updated_at = iso(new Date());
    usage.push({ day: day(0), provider, model, requests: 1, prompt_tokens: prompt, completion_tokens: completion, avg_latency_ms: latency, cost_usd: cost });
    const a: CoachAnswer = {
      conversation_id: c.id,
      message_id: m.id,
      answer: written,
      citations: m.citations,
      suggestions: m.suggestions,
      usage: m.usage!,
      provider,
      model,
      latency_ms: latency,
      first_token_ms: first === null ? null : Math.round(first),
      context_ms: 12,
      cost_usd: cost,
      grounded,
      stopped: job.stopped,
      language: /[àâçéèêëîïôûù]/i.test(question) ? "fr" : "en",
    };
    send({ event: "done", answer: a });
    return a;
  } finally {
    streaming = null;
  }
}

function usageReport(days: number): UsageReport {
  const since = day(days - 1);
  const rows = usage.filter((r) => r.day >= since).sort((a, b) => a.day.localeCompare(b.day));
  const totals = new Map<string, UsageRow & { latencySum: number }>();
  for (const r of rows) {
    const k = `${r.provider}/${r.model}`;
    const t = totals.get(k) ?? { ...r, day: since, requests: 0, prompt_tokens: 0, completion_tokens: 0, cost_usd: null, latencySum: 0 };
    t.requests += r.requests;
    t.prompt_tokens += r.prompt_tokens;
    t.completion_tokens += r.completion_tokens;
    t.latencySum += r.avg_latency_ms * r.requests;
    t.avg_latency_ms = Math.round(t.latencySum / t.requests);
    if (r.cost_usd !== null) t.cost_usd = (t.cost_usd ?? 0) + r.cost_usd;
    totals.set(k, t);
  }
  return { days, rows, totals: [...totals.values()].map(({ latencySum: _, ...r }) => r) };
}

const RECOMMENDED: Omit<RecommendedModel, "path">[] = [
  { id: "qwen2.5-1.5b-instruct-q4", name: "Qwen2.5 1.5B Instruct (Q4_K_M)", size_bytes: 986_000_000, license: "Apache-2.0", license_url: "https://www.apache.org/licenses/LICENSE-2.0", note: "Fast on 2 cores; short, factual answers." },
  { id: "llama3.2-3b-instruct-q4", name: "Llama 3.2 3B Instruct (Q4_K_M)", size_bytes: 2_020_000_000, license: "Llama 3.2 Community", license_url: "https://www.llama.com/llama3_2/license/", note: "Better French; needs 4 GB of free memory." },
];

async function download(id: string, channel: Any): Promise<string> {
  const m = RECOMMENDED.find((x) => x.id === id);
  if (!m) throw { code: "not_found", message: `no recommended model ${id}`, field: "id" };
  if (downloading) throw { code: "busy", message: "a download is already running", field: null };
  const job = { cancelled: false };
  downloading = job;
  let index = 0;
  const send = (p: DownloadProgress) => (window as Any).__TAURI_INTERNALS__.runCallback(channel.id, { index: index++, message: p });
  try {
    for (let i = 0; i <= 40; i++) {
      if (job.cancelled) throw { code: "cancelled", message: "download cancelled; it resumes where it stopped", field: null };
      send({ done: Math.round(((m.size_bytes ?? 0) * i) / 40), total: m.size_bytes });
      await sleep(tokenDelay * 3);
    }
    const path = `${MODELS_DIR}/${id}.gguf`;
    downloaded[id] = path;
    config.local_model_path = path;
    config.active = "local";
    return path;
  } finally {
    downloading = null;
  }
}

export async function coachMock(cmd: string, a: Record<string, Any>): Promise<unknown> {
  switch (cmd) {
    case "coach_config":
      return publicConfig();
    case "coach_set_config": {
      const input = a.input as CoachConfigInput;
      if (input.temperature == null) throw { code: "invalid_input", message: "the temperature is between 0 and 2", field: "temperature" };
      checkSampling(input.temperature, input.max_tokens);
      config.active = input.active;
      config.temperature = input.temperature;
      config.max_tokens = input.max_tokens;
      config.local_model_path = input.local_model_path ?? null;
      for (const p of input.providers) config.setups[p.provider] = { ...(config.setups[p.provider] ?? { has_key: false }), base_url: p.base_url, model: p.model };
      return publicConfig();
    }
    case "coach_set_api_key": {
      const s = config.setups[a.provider] ?? { base_url: "", model: "", has_key: false };
      config.setups[a.provider] = { ...s, has_key: !!a.key };
      return publicConfig();
    }
    case "coach_models": {
      await sleep(tokenDelay * 8);
      // The address being typed in Settings wins over the saved one.
      const url = a.at?.base_url || config.setups.openai_compatible?.base_url || "";
      if (a.provider === "openai_compatible" && !url.includes("localhost"))
        throw { code: "unreachable", message: `cannot reach ${url}`, field: null };
      return a.provider === "openai_compatible"
        ? ["llama3.1:8b", "qwen2.5:7b-instruct", "mistral-nemo:12b"]
        : a.provider === "anthropic"
          ? ["claude-3-5-haiku-latest", "claude-sonnet-4-latest"]
          : a.provider === "gemini"
            ? ["gemini-2.0-flash", "gemini-2.5-pro"]
            : ["gpt-4o-mini", "gpt-4.1"];
    }
    case "coach_ask": {
      const input = a.input as AskInput;
      checkSampling(input.temperature, input.max_tokens);
      let c: Conversation;
      if (input.conversation_id == null) {
        c = {
          id: Math.max(0, ...conversations.map((x) => x.id)) + 1,
          title: input.question.slice(0, 60),
          created_at: iso(new Date()),
          updated_at: iso(new Date()),
          temperature: input.temperature ?? null,
          max_tokens: input.max_tokens ?? null,
          messages: [],
        };
      } else c = find(input.conversation_id);
      const provider = input.provider ?? config.active;
      if (CLOUD.includes(provider) && !(ownDataMock("privacy_overview", {}) as PrivacyOverview).consents.some((x) => x.provider === provider))
        throw { code: "consent_required", message: `allow ${provider} to receive your data first`, field: provider };
      if (input.conversation_id === null) conversations.unshift(c);
      // Given with a question, a setting is the conversation's from now on; null keeps what it has.
      c.temperature = input.temperature ?? c.temperature;
      c.max_tokens = input.max_tokens ?? c.max_tokens;
      c.messages.push(message("user", input.question));
      return answer(c, input.question, input, a.onEvent);
    }
    case "coach_regenerate": {
      const c = conversations.find((x) => x.messages.some((m) => m.id === a.messageId));
      if (!c) throw { code: "not_found", message: `there is no message ${a.messageId}`, field: null };
      const i = c.messages.findIndex((m) => m.id === a.messageId);
      const question = [...c.messages.slice(0, i)].reverse().find((m) => m.role === "user")?.content ?? "";
      const old = c.messages.splice(i, 1)[0];
      return answer(c, question, { about: null, provider: old.provider, model: old.model }, a.onEvent);
    }
    case "coach_stop":
      if (!streaming) return false;
      streaming.stopped = true;
      return true;
    case "coach_decide_suggestion": {
      for (const c of conversations)
        for (const m of c.messages)
          if (m.id === a.messageId) {
            const s = m.suggestions.find((x) => x.id === a.suggestionId);
            if (!s) break;
            if (s.status !== "pending") throw { code: "invalid_input", message: "this suggestion was already decided", field: null };
            s.status = a.apply ? "applied" : "dismissed";
            return { ...s };
          }
      throw { code: "not_found", message: "there is no such suggestion", field: null };
    }
    case "coach_conversations": {
      const q = ((a.search as string | null) ?? "").toLowerCase();
      return conversations
        .filter((c) => !q || c.title.toLowerCase().includes(q) || c.messages.some((m) => m.content.toLowerCase().includes(q)))
        .sort((x, y) => y.updated_at.localeCompare(x.updated_at))
        .map(summary);
    }
    case "coach_conversation":
      return structuredClone(find(a.id));
    case "coach_rename_conversation": {
      const c = find(a.id);
      if (!String(a.title).trim()) throw { code: "invalid_input", message: "the title cannot be empty", field: "title" };
      c.title = String(a.title).trim();
      return summary(c);
    }
    case "coach_conversation_settings": {
      // Replaces both, as the backend does: null returns a setting to the default.
      const settings = (a.settings ?? {}) as ConversationSettingsInput;
      checkSampling(settings.temperature, settings.max_tokens);
      const c = find(a.id);
      c.temperature = settings.temperature ?? null;
      c.max_tokens = settings.max_tokens ?? null;
      return summary(c);
    }
    case "coach_delete_conversation":
      find(a.id);
      conversations = conversations.filter((c) => c.id !== a.id);
      return null;
    case "coach_export_conversation":
    case "coach_save_conversation": {
      const c = find(a.id);
      const md = `# ${c.title}\n\n${c.messages.map((m) => `**${m.role === "user" ? "You" : "Coach"}:** ${m.content}`).join("\n\n")}\n`;
      return cmd === "coach_export_conversation" ? md : `/home/you/Documents/${c.title.replace(/[^\w]+/g, "-").toLowerCase()}.md`;
    }
    case "coach_usage":
      return usageReport(Number(a.days) || 30);
    case "coach_suggested_questions":
      return a.lang === "fr"
        ? ["Comment s'est passée ma semaine ?", "Suis-je prêt pour mon objectif ?", "Dois-je déplacer ma séance de demain ?"]
        : ["How did my week go?", "Am I on track for my goal?", "Should I move tomorrow's workout?"];
    case "coach_recommended_models":
      return RECOMMENDED.map((m) => ({ ...m, path: downloaded[m.id] ?? null }));
    case "coach_download_model":
      return download(a.id, a.onProgress);
    case "coach_cancel_download":
      if (!downloading) return false;
      downloading.cancelled = true;
      return true;
    case "coach_choose_model_file":
      return `${MODELS_DIR}/my-model.Q4_K_M.gguf`;
    default:
      throw { code: "internal", message: `mock: unknown command ${cmd}`, field: null };
  }
}
