// Fixtures and happy command mocks for the coach (spread into makeCommands).
import type { Channel } from "@tauri-apps/api/core";
import { act } from "@testing-library/react";
import { vi } from "vitest";
import { commands } from "../bindings";
import type {
  AskInput,
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
  UsageReport,
} from "../lib/coach";

const ok = <T,>(data: T) => ({ status: "ok" as const, data });

export const coachConfig: CoachConfig = {
  active: "none",
  temperature: 0.3,
  max_tokens: 1024,
  providers: [
    { provider: "openai_compatible", base_url: "http://localhost:11434/v1", model: "llama3.1:8b", has_key: false, cloud: false, consent_fields: [], strava_opt_in: false },
    { provider: "openai", base_url: "https://api.openai.com/v1", model: "gpt-4o-mini", has_key: false, cloud: true, consent_fields: [], strava_opt_in: false },
    {
      provider: "anthropic",
      base_url: "https://api.anthropic.com",
      model: "claude-3-5-haiku-latest",
      has_key: true,
      cloud: true,
      consent_fields: ["profile", "activity_summaries"],
      strava_opt_in: false,
    },
    { provider: "gemini", base_url: "https://generativelanguage.googleapis.com", model: "gemini-2.0-flash", has_key: false, cloud: true, consent_fields: [], strava_opt_in: false },
  ],
  local_model_path: null,
  local_model_ready: false,
};

export const conversations: ConversationSummary[] = [
  { id: 1, title: "Why was Tuesday's run so hard?", created_at: "2026-03-12T08:00:00Z", updated_at: "2026-03-12T08:05:00Z", message_count: 2, provider: "none", model: "", temperature: null, max_tokens: null },
  { id: 2, title: "Taper before the half", created_at: "2026-03-05T08:00:00Z", updated_at: "2026-03-05T08:05:00Z", message_count: 2, provider: "anthropic", model: "claude-3-5-haiku-latest", temperature: 0.9, max_tokens: 600 },
];

export const conversationOne: Conversation = {
  id: 1,
  title: "Why was Tuesday's run so hard?",
  created_at: "2026-03-12T08:00:00Z",
  updated_at: "2026-03-12T08:05:00Z",
  temperature: null,
  max_tokens: null,
  messages: [
    {
      id: 11,
      role: "user",
      content: "Why was Tuesday's run so hard?",
      created_at: "2026-03-12T08:00:00Z",
      citations: [],
      suggestions: [],
      usage: null,
      provider: null,
      model: null,
      latency_ms: null,
      cost_usd: null,
      grounded: false,
      stopped: false,
    },
    {
      id: 12,
      role: "assistant",
      content: "Your heart rate **drifted**.",
      created_at: "2026-03-12T08:00:05Z",
      citations: [{ kind: "knowledge", id: "aerobic-decoupling", title: "Aerobic decoupling", detail: null }],
      suggestions: [],
      usage: { prompt_tokens: 0, completion_tokens: 0, estimated: false },
      provider: "none",
      model: "",
      latency_ms: 180,
      cost_usd: null,
      grounded: true,
      stopped: false,
    },
  ],
};

/** The answer coach_ask gives by default (conversation 7, message 71). */
export function coachAnswer(over: Partial<CoachAnswer> = {}): CoachAnswer {
  return {
    conversation_id: 7,
    message_id: 71,
    answer: "Keep the long run **easy**.",
    citations: [
      { kind: "knowledge", id: "heart-rate-zones", title: "Heart rate zones", detail: "Zone 2" },
      { kind: "activity", id: "42", title: "Sunday long run", detail: null },
      { kind: "plan", id: "1", title: "Your plan", detail: null },
    ],
    suggestions: [],
    usage: { prompt_tokens: 1200, completion_tokens: 340, estimated: false },
    provider: "anthropic",
    model: "claude-3-5-haiku-latest",
    latency_ms: 2400,
    first_token_ms: 600,
    context_ms: 20,
    cost_usd: 0.0031,
    grounded: false,
    stopped: false,
    language: "en",
    ...over,
  };
}

export const usageReport: UsageReport = {
  days: 30,
  rows: [
    { day: "2026-03-10", provider: "anthropic", model: "claude-3-5-haiku-latest", requests: 2, prompt_tokens: 3000, completion_tokens: 500, avg_latency_ms: 2100, cost_usd: 0.006 },
    { day: "2026-03-12", provider: "openai_compatible", model: "llama3.1:8b", requests: 3, prompt_tokens: 4000, completion_tokens: 900, avg_latency_ms: 5200, cost_usd: null },
    { day: "2026-03-14", provider: "anthropic", model: "claude-3-5-haiku-latest", requests: 1, prompt_tokens: 1500, completion_tokens: 300, avg_latency_ms: 1900, cost_usd: 0.003 },
  ],
  totals: [
    { day: "2026-02-14", provider: "anthropic", model: "claude-3-5-haiku-latest", requests: 3, prompt_tokens: 4500, completion_tokens: 800, avg_latency_ms: 2033, cost_usd: 0.009 },
    { day: "2026-02-14", provider: "openai_compatible", model: "llama3.1:8b", requests: 3, prompt_tokens: 4000, completion_tokens: 900, avg_latency_ms: 5200, cost_usd: null },
  ],
};

export const recommendedModels: RecommendedModel[] = [
  { id: "qwen-1.5b", name: "Qwen2.5 1.5B Instruct", size_bytes: 986_000_000, license: "Apache-2.0", license_url: "https://www.apache.org/licenses/LICENSE-2.0", note: "Fast on 2 cores.", path: null },
];

/** Command mocks with happy defaults: questions get coachAnswer() without streaming anything. */
export function makeCoachCommands() {
  return {
    coachConfig: vi.fn(async () => ok(coachConfig)),
    coachSetConfig: vi.fn(async (input: CoachConfigInput) => ok<CoachConfig>({ ...coachConfig, ...input, providers: coachConfig.providers })),
    coachSetApiKey: vi.fn(async (provider: CoachProvider, key: string | null) =>
      ok<CoachConfig>({ ...coachConfig, providers: coachConfig.providers.map((p) => (p.provider === provider ? { ...p, has_key: key !== null } : p)) }),
    ),
    coachModels: vi.fn(async (_p: CoachProvider) => ok(["llama3.1:8b", "qwen2.5:7b"])),
    coachAsk: vi.fn(async (_input: AskInput, _ch: Channel<CoachEvent>) => ok(coachAnswer())),
    coachRegenerate: vi.fn(async (_id: number, _ch: Channel<CoachEvent>) => ok(coachAnswer({ message_id: 72 }))),
    coachStop: vi.fn(async () => ok(true)),
    coachDecideSuggestion: vi.fn(),
    coachConversations: vi.fn(async (_search: string | null) => ok(conversations)),
    coachConversation: vi.fn(async (_id: number) => ok(conversationOne)),
    coachRenameConversation: vi.fn(async (id: number, title: string) => ok({ ...conversations.find((c) => c.id === id)!, title })),
    // Replaces both settings, as the backend does (a missing one returns to the default).
    coachConversationSettings: vi.fn(async (id: number, s: ConversationSettingsInput) =>
      ok<ConversationSummary>({ ...(conversations.find((c) => c.id === id) ?? conversations[0]), id, temperature: s.temperature ?? null, max_tokens: s.max_tokens ?? null }),
    ),
    coachDeleteConversation: vi.fn(async (_id: number) => ok(null)),
    coachExportConversation: vi.fn(async (_id: number) => ok("# Conversation")),
    coachSaveConversation: vi.fn(async (_id: number) => ok<string | null>("/home/camille/coach.md")),
    coachUsage: vi.fn(async (_days: number) => ok(usageReport)),
    coachSuggestedQuestions: vi.fn(async (_lang: "en" | "fr") => ok(["How did my week go?", "Am I on track?"])),
    coachRecommendedModels: vi.fn(async () => ok(recommendedModels)),
    coachDownloadModel: vi.fn(async (_id: string, _ch: Channel<DownloadProgress>) => ok("/models/qwen-1.5b.gguf")),
    coachCancelDownload: vi.fn(async () => ok(true)),
    coachChooseModelFile: vi.fn(async () => ok<string | null>("/models/mine.gguf")),
  };
}

/** The typed coach mocks (the test file mocks the bindings and calls setupCommandMocks). */
export function coachMocks() {
  return {
    coachConfig: vi.mocked(commands.coachConfig),
    coachSetConfig: vi.mocked(commands.coachSetConfig),
    coachSetApiKey: vi.mocked(commands.coachSetApiKey),
    coachModels: vi.mocked(commands.coachModels),
    coachAsk: vi.mocked(commands.coachAsk),
    coachRegenerate: vi.mocked(commands.coachRegenerate),
    coachStop: vi.mocked(commands.coachStop),
    coachDecideSuggestion: vi.mocked(commands.coachDecideSuggestion),
    coachConversations: vi.mocked(commands.coachConversations),
    coachConversation: vi.mocked(commands.coachConversation),
    coachRenameConversation: vi.mocked(commands.coachRenameConversation),
    coachConversationSettings: vi.mocked(commands.coachConversationSettings),
    coachDeleteConversation: vi.mocked(commands.coachDeleteConversation),
    coachExportConversation: vi.mocked(commands.coachExportConversation),
    coachSaveConversation: vi.mocked(commands.coachSaveConversation),
    coachUsage: vi.mocked(commands.coachUsage),
    coachSuggestedQuestions: vi.mocked(commands.coachSuggestedQuestions),
    coachRecommendedModels: vi.mocked(commands.coachRecommendedModels),
    coachDownloadModel: vi.mocked(commands.coachDownloadModel),
    coachCancelDownload: vi.mocked(commands.coachCancelDownload),
    coachChooseModelFile: vi.mocked(commands.coachChooseModelFile),
  };
}

/** Sends events on a channel as the Rust side would (in order). */
export function sendEvents<T>(channel: Channel<T>, ...events: T[]) {
  act(() => {
    for (const e of events) channel.onmessage(e);
  });
}
