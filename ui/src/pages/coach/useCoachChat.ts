// One conversation with the coach: its messages, the answer streaming in through
// a Tauri channel, Stop and Regenerate, the suggestions' decisions, the
// consent a cloud provider may need before the question can go, and the
// temperature and answer length the conversation answers with.
import { Channel } from "@tauri-apps/api/core";
import { useCallback, useEffect, useRef, useState } from "react";
import { commands } from "../../bindings";

/** The event type the generated `coachAsk` channel is declared with. */
type CoachEventWire = Parameters<typeof commands.coachAsk>[1] extends Channel<infer T> ? T : never;
import type { ApiError } from "../../lib/api";
import {
  answerToMessage,
  DEFAULT_CONVERSATION_SETTINGS,
  isCoachProvider,
  type AskInput,
  type ChatMessage,
  type CoachAnswer,
  type CoachEvent,
  type CoachProvider,
  type ConversationSettings,
  type Suggestion,
} from "../../lib/coach";
import { run } from "../../lib/ownData";

/** The answer being written: what the channel said so far. */
export type Streaming = {
  provider: CoachProvider | null;
  model: string | null;
  grounded: boolean;
  text: string;
  /** The tool step in progress ("searching the knowledge base…"), until the next token. */
  tool: { name: string; detail: string } | null;
  /** Regenerate: the answer this one replaces (hidden meanwhile). */
  replacing: number | null;
};

/** A question held back until the athlete allows the provider to receive their data. */
export type ConsentRequest = { provider: CoachProvider; input: AskInput };

type Load = { kind: "idle" } | { kind: "loading" } | { kind: "error"; error: ApiError };

let nextLocalId = -1;

function userMessage(question: string): ChatMessage {
  return {
    id: nextLocalId--,
    role: "user",
    content: question,
    created_at: new Date().toISOString(),
    citations: [],
    suggestions: [],
    usage: null,
    provider: null,
    model: null,
    latency_ms: null,
    cost_usd: null,
    grounded: false,
    stopped: false,
  };
}

export type AskOutcome = "ok" | "consent" | "failed";

export function useCoachChat(opts: {
  /** The conversation in the route, or null for a new one. */
  routeId: number | null;
  /** The provider a question goes to when it names none (for the consent dialog). */
  defaultProvider: CoachProvider | null;
  /** A new conversation got its id (the page puts it in the route). */
  onCreated: (id: number) => void;
  /** An answer was stored (the list of conversations may have changed). */
  onAnswered: () => void;
}) {
  const { routeId, defaultProvider } = opts;
  const latest = useRef(opts);
  latest.current = opts;
  const [conversationId, setConversationId] = useState<number | null>(routeId);
  const idRef = useRef<number | null>(routeId);
  const [title, setTitle] = useState<string | null>(null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [load, setLoad] = useState<Load>({ kind: "idle" });
  const [streaming, setStreaming] = useState<Streaming | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [consent, setConsent] = useState<ConsentRequest | null>(null);
  const [settings, setSettingsState] = useState<ConversationSettings>(DEFAULT_CONVERSATION_SETTINGS);
  // The settings as saved, and as last asked for (ahead while a save is on its
  // way): a change to one setting keeps the other's change just made, and ask()
  // sees a change made just before sending, with no render in between.
  const savedSettings = useRef(settings);
  const wantedSettings = useRef(settings);
  const setSettings = useCallback((s: ConversationSettings) => {
    savedSettings.current = s;
    wantedSettings.current = s;
    setSettingsState(s);
  }, []);

  const adopt = useCallback((id: number | null) => {
    idRef.current = id;
    setConversationId(id);
  }, []);

  const reload = useCallback(
    async (id: number) => {
      setLoad({ kind: "loading" });
      const res = await run(() => commands.coachConversation(id));
      if (idRef.current !== id) return;
      if (res.status === "error") return setLoad({ kind: "error", error: res.error });
      setTitle(res.data.title);
      setMessages(res.data.messages);
      setSettings({ temperature: res.data.temperature, max_tokens: res.data.max_tokens });
      setLoad({ kind: "idle" });
    },
    [setSettings],
  );

  // Another conversation in the route (or none: a new one). The conversation this
  // hook has just created is already here, with its streaming answer.
  useEffect(() => {
    if (routeId !== null && routeId === idRef.current && (messages.length > 0 || streaming)) return;
    adopt(routeId);
    setError(null);
    setConsent(null);
    setStreaming(null);
    setTitle(null);
    setMessages([]);
    setSettings(DEFAULT_CONVERSATION_SETTINGS);
    if (routeId === null) setLoad({ kind: "idle" });
    else void reload(routeId);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [routeId]);

  const finish = useCallback((answer: CoachAnswer, replacing: number | null) => {
    setMessages((ms) => {
      if (ms.some((m) => m.id === answer.message_id)) return ms;
      return [...ms.filter((m) => m.id !== replacing), answerToMessage(answer)];
    });
    setStreaming(null);
  }, []);

  /** Opens a channel whose events feed `streaming`; `done` finishes the answer. */
  const openChannel = useCallback(
    (replacing: number | null) => {
      const channel = new Channel<CoachEventWire>();
      // Rust sends the complete (`_Serialize`) shape; the generated channel
      // type is the looser one it would accept.
      channel.onmessage = (wire) => {
        const e = wire as CoachEvent;
        switch (e.event) {
          case "started":
            setStreaming((s) => s && { ...s, provider: e.provider, model: e.model, grounded: e.grounded });
            if (idRef.current === null) {
              adopt(e.conversation_id);
              latest.current.onCreated(e.conversation_id);
            }
            break;
          case "token":
            setStreaming((s) => s && { ...s, text: s.text + e.text, tool: null });
            break;
          case "tool":
            setStreaming((s) => s && { ...s, tool: { name: e.name, detail: e.detail } });
            break;
          case "done":
            finish(e.answer, replacing);
            break;
        }
      };
      return channel;
    },
    [adopt, finish],
  );

  const settle = useCallback(
    (answer: CoachAnswer, replacing: number | null) => {
      finish(answer, replacing);
      if (idRef.current === null || idRef.current !== answer.conversation_id) {
        const created = idRef.current === null;
        adopt(answer.conversation_id);
        if (created) latest.current.onCreated(answer.conversation_id);
      }
      latest.current.onAnswered();
    },
    [adopt, finish],
  );

  const ask = useCallback(
    async (input: AskInput): Promise<AskOutcome> => {
      setError(null);
      setConsent(null);
      const mine = userMessage(input.question);
      setMessages((ms) => [...ms, mine]);
      setStreaming({ provider: input.provider ?? null, model: input.model ?? null, grounded: false, text: "", tool: null, replacing: null });
      // A new conversation takes its settings with its first question; an open
      // one has them saved already (changeSettings), so null keeps them.
      const fresh = idRef.current === null;
      const withId: AskInput = {
        ...input,
        conversation_id: idRef.current,
        temperature: fresh ? wantedSettings.current.temperature : null,
        max_tokens: fresh ? wantedSettings.current.max_tokens : null,
      };
      const res = await run(() => commands.coachAsk(withId, openChannel(null)));
      if (res.status === "ok") {
        settle(res.data, null);
        return "ok";
      }
      setStreaming(null);
      setMessages((ms) => ms.filter((m) => m.id !== mine.id));
      if ((res.error.code as string) === "consent_required") {
        const named = res.error.field;
        const provider = isCoachProvider(named) ? named : (input.provider ?? latest.current.defaultProvider);
        if (provider) {
          setConsent({ provider, input });
          return "consent";
        }
      }
      setError(res.error);
      return "failed";
    },
    [openChannel, settle],
  );

  const regenerate = useCallback(
    async (messageId: number) => {
      setError(null);
      setStreaming({ provider: null, model: null, grounded: false, text: "", tool: null, replacing: messageId });
      const res = await run(() => commands.coachRegenerate(messageId, openChannel(messageId)));
      if (res.status === "ok") return settle(res.data, messageId);
      setStreaming(null);
      setError(res.error);
    },
    [openChannel, settle],
  );

  const stop = useCallback(async () => {
    const res = await run(() => commands.coachStop());
    if (res.status === "error") setError(res.error);
  }, []);

  /** The athlete allowed the provider: the question goes again. */
  const consentGranted = useCallback(() => {
    const held = consent;
    setConsent(null);
    if (held) void ask(held.input);
  }, [ask, consent]);

  const consentDeclined = useCallback(() => setConsent(null), []);

  /**
   * Changes the temperature or the answer length from now on (null: back to the
   * default), keeping the other. An open conversation saves both at once (the
   * command replaces both); a new one keeps them for its first question.
   * Returns the refusal, if any (the settings then stay as they were).
   */
  const changeSettings = useCallback(
    async (change: Partial<ConversationSettings>): Promise<ApiError | null> => {
      const id = idRef.current;
      const next = { ...wantedSettings.current, ...change };
      if (id === null) {
        setSettings(next);
        return null;
      }
      wantedSettings.current = next;
      const res = await run(() => commands.coachConversationSettings(id, next));
      // Another conversation was opened meanwhile: this one's answer no longer shows.
      if (idRef.current !== id) return null;
      if (res.status === "error") {
        wantedSettings.current = savedSettings.current;
        return res.error;
      }
      setSettings({ temperature: res.data.temperature, max_tokens: res.data.max_tokens });
      return null;
    },
    [setSettings],
  );

  /** A new conversation, even when the route already says so. */
  const reset = useCallback(() => {
    adopt(null);
    setTitle(null);
    setMessages([]);
    setError(null);
    setConsent(null);
    setSettings(DEFAULT_CONVERSATION_SETTINGS);
    setLoad({ kind: "idle" });
  }, [adopt, setSettings]);

  const decided = useCallback((messageId: number, s: Suggestion) => {
    setMessages((ms) =>
      ms.map((m) => (m.id === messageId ? { ...m, suggestions: m.suggestions.map((x) => (x.id === s.id ? s : x)) } : m)),
    );
  }, []);

  return {
    conversationId,
    title,
    setTitle,
    messages,
    load,
    streaming,
    error,
    dismissError: () => setError(null),
    consent,
    defaultProvider,
    settings,
    changeSettings,
    ask,
    regenerate,
    stop,
    consentGranted,
    consentDeclined,
    decided,
    reset,
  };
}

export type CoachChat = ReturnType<typeof useCoachChat>;
