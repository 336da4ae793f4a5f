import { Channel } from "@tauri-apps/api/core";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { coachMock, initCoachMock } from "./devMockCoach";
import { initOwnDataMock, ownDataMock } from "./devMockOwnData";
import type { CoachAnswer, CoachConfig, CoachEvent, Conversation, ConversationSummary, UsageReport } from "./lib/coach";

beforeEach(() => {
  mockIPC(() => null);
  initOwnDataMock(new URLSearchParams());
  initCoachMock(new URLSearchParams(), { tokenDelayMs: 0 });
});
afterEach(() => clearMocks());

function channel() {
  const events: CoachEvent[] = [];
  const ch = new Channel<CoachEvent>();
  ch.onmessage = (e) => events.push(e);
  return { ch, events };
}

const input = (over: object = {}) => ({ question: "Should I move my plan's intervals?", conversation_id: null, about: { kind: "plan" }, provider: null, model: null, temperature: null, max_tokens: null, ...over });

describe("dev mock: coach", () => {
  it("streams a grounded answer token by token, then done, with citations and a suggestion", async () => {
    const { ch, events } = channel();
    const a = (await coachMock("coach_ask", { input: input(), onEvent: ch })) as CoachAnswer;
    expect(events[0]).toMatchObject({ event: "started", grounded: true, provider: "none" });
    expect(events.some((e) => e.event === "tool")).toBe(true);
    const tokens = events.filter((e) => e.event === "token");
    expect(tokens.length).toBeGreaterThan(5);
    expect(tokens.map((e) => (e.event === "token" ? e.text : "")).join("")).toBe(a.answer);
    expect(events.at(-1)).toMatchObject({ event: "done" });
    expect(a.citations.map((c) => c.kind)).toContain("knowledge");
    expect(a.suggestions[0].status).toBe("pending");
    const list = (await coachMock("coach_conversations", { search: null })) as ConversationSummary[];
    expect(list[0].id).toBe(a.conversation_id);
    const decided = (await coachMock("coach_decide_suggestion", { messageId: a.message_id, suggestionId: a.suggestions[0].id, apply: true })) as { status: string };
    expect(decided.status).toBe("applied");
  });

  it("asks for consent before a cloud provider gets anything, then answers", async () => {
    const { ch } = channel();
    await expect(coachMock("coach_ask", { input: input({ provider: "openai" }), onEvent: ch })).rejects.toMatchObject({ code: "consent_required", field: "openai" });
    ownDataMock("grant_consent", { provider: "openai", fields: ["plan"] });
    await expect(coachMock("coach_ask", { input: input({ provider: "openai" }), onEvent: ch })).rejects.toMatchObject({ code: "unauthorized" });
    await coachMock("coach_set_api_key", { provider: "openai", key: "sk-x" });
    const a = (await coachMock("coach_ask", { input: input({ provider: "openai" }), onEvent: ch })) as CoachAnswer;
    expect(a.cost_usd).toBeGreaterThan(0);
    const cfg = (await coachMock("coach_config", {})) as CoachConfig;
    expect(cfg.providers.find((p) => p.provider === "openai")).toMatchObject({ has_key: true, consent_fields: ["plan"] });
  });

  it("reports usage per provider and searches, renames and deletes conversations", async () => {
    const report = (await coachMock("coach_usage", { days: 30 })) as UsageReport;
    expect(report.totals.map((r) => r.provider).sort()).toEqual(["anthropic", "openai_compatible"]);
    expect(report.totals.find((r) => r.provider === "openai_compatible")!.cost_usd).toBeNull();
    expect(((await coachMock("coach_conversations", { search: "taper" })) as ConversationSummary[]).map((c) => c.id)).toEqual([2]);
    await coachMock("coach_rename_conversation", { id: 2, title: "Taper" });
    await coachMock("coach_delete_conversation", { id: 1 });
    expect(((await coachMock("coach_conversations", { search: null })) as ConversationSummary[]).map((c) => c.title)).toEqual(["Taper"]);
  });

  it("keeps each conversation's temperature and answer length: given with a question, or replaced by coach_conversation_settings", async () => {
    const { ch } = channel();
    const a = (await coachMock("coach_ask", { input: input({ temperature: 0.8, max_tokens: 400 }), onEvent: ch })) as CoachAnswer;
    const get = async (id: number) => (await coachMock("coach_conversation", { id })) as Conversation;
    expect(await get(a.conversation_id)).toMatchObject({ temperature: 0.8, max_tokens: 400 });

    // Null with a question keeps what the conversation has; a value replaces that one only.
    await coachMock("coach_ask", { input: input({ conversation_id: a.conversation_id }), onEvent: ch });
    expect(await get(a.conversation_id)).toMatchObject({ temperature: 0.8, max_tokens: 400 });
    await coachMock("coach_ask", { input: input({ conversation_id: a.conversation_id, max_tokens: 900 }), onEvent: ch });
    expect(await get(a.conversation_id)).toMatchObject({ temperature: 0.8, max_tokens: 900 });

    // The command replaces both: null is the default again.
    const s = (await coachMock("coach_conversation_settings", { id: a.conversation_id, settings: { temperature: null, max_tokens: 2000 } })) as ConversationSummary;
    expect(s).toMatchObject({ id: a.conversation_id, temperature: null, max_tokens: 2000 });
    const list = (await coachMock("coach_conversations", { search: null })) as ConversationSummary[];
    expect(list.find((c) => c.id === a.conversation_id)).toMatchObject({ temperature: null, max_tokens: 2000 });
    expect(list.find((c) => c.id === 1)).toMatchObject({ temperature: null, max_tokens: null });
  });

  it("refuses settings out of range as the backend does, changing nothing", async () => {
    const { ch } = channel();
    const settings = (temperature: number | null, max_tokens: number | null) => coachMock("coach_conversation_settings", { id: 2, settings: { temperature, max_tokens } });
    await expect(settings(2.5, null)).rejects.toMatchObject({ code: "invalid_input", field: "temperature", message: "the temperature is between 0 and 2" });
    await expect(settings(null, 15)).rejects.toMatchObject({ code: "invalid_input", field: "max_tokens", message: "the answer length is between 16 and 32,768 tokens" });
    await expect(settings(null, 32769)).rejects.toMatchObject({ field: "max_tokens" });
    await expect(settings(null, 100.5)).rejects.toMatchObject({ field: "max_tokens" });
    await expect(coachMock("coach_conversation_settings", { id: 99, settings: { temperature: 1, max_tokens: 100 } })).rejects.toMatchObject({ code: "not_found" });
    expect(await coachMock("coach_conversation", { id: 2 })).toMatchObject({ temperature: 0.7, max_tokens: 600 });
    expect(await settings(0, 16)).toMatchObject({ temperature: 0, max_tokens: 16 });
    expect(await settings(2, 32768)).toMatchObject({ temperature: 2, max_tokens: 32768 });

    // A question with a bad value is refused before a conversation is created.
    const before = ((await coachMock("coach_conversations", { search: null })) as ConversationSummary[]).length;
    await expect(coachMock("coach_ask", { input: input({ max_tokens: 8 }), onEvent: ch })).rejects.toMatchObject({ field: "max_tokens" });
    await expect(coachMock("coach_ask", { input: input({ conversation_id: 2, temperature: -1 }), onEvent: ch })).rejects.toMatchObject({ field: "temperature" });
    expect((await coachMock("coach_conversations", { search: null })) as ConversationSummary[]).toHaveLength(before);
    expect(await coachMock("coach_conversation", { id: 2 })).toMatchObject({ temperature: 2, max_tokens: 32768 });
  });

  it("stops a model's answer at the conversation's length, else at the coach's default", async () => {
    const tokens = (events: CoachEvent[]) => events.filter((e) => e.event === "token").length;
    const short = channel();
    const a = (await coachMock("coach_ask", { input: input({ provider: "openai_compatible", about: null, question: "How is my fitness?", max_tokens: 16 }), onEvent: short.ch })) as CoachAnswer;
    expect(tokens(short.events)).toBe(16);
    // The next question in it keeps the length it was given.
    const again = channel();
    await coachMock("coach_ask", { input: input({ provider: "openai_compatible", about: null, question: "And now?", conversation_id: a.conversation_id }), onEvent: again.ch });
    expect(tokens(again.events)).toBe(16);
    const full = channel();
    await coachMock("coach_ask", { input: input({ provider: "openai_compatible", about: null, question: "How is my fitness?" }), onEvent: full.ch });
    expect(tokens(full.events)).toBeGreaterThan(16);
  });
});
