import { Channel } from "@tauri-apps/api/core";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { coachMock, initCoachMock } from "./devMockCoach";
import { initOwnDataMock, ownDataMock } from "./devMockOwnData";
import type { CoachAnswer, CoachConfig, CoachEvent, ConversationSummary, UsageReport } from "./lib/coach";

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

const input = (over: object = {}) => ({ question: "Should I move my plan's intervals?", conversation_id: null, about: { kind: "plan" }, provider: null, model: null, temperature: null, ...over });

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
});
