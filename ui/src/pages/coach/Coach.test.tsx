import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Route, Routes, useLocation } from "react-router";
import type { CoachAnswer, CoachEvent, Suggestion } from "../../lib/coach";
import { coachAnswer, coachConfig, coachMocks, conversationOne, conversations, sendEvents } from "../../test/coachFixtures";
import { setupCommandMocks } from "../../test/mockBindings";
import { ownDataMocks } from "../../test/ownDataMocks";
import { renderApp } from "../../test/render";
import { CoachPage } from "./CoachPage";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

setupCommandMocks();
const coach = coachMocks();
const own = ownDataMocks();

beforeEach(() => {
  // Channels need the IPC internals; the commands themselves are mocked above.
  mockIPC(() => null);
});
afterEach(() => clearMocks());

function Where() {
  const l = useLocation();
  return <div data-testid="where">{l.pathname + l.search}</div>;
}

function renderCoach(route = "/coach") {
  renderApp(
    <>
      <Routes>
        <Route path="/coach" element={<CoachPage />} />
        <Route path="/coach/:conversationId" element={<CoachPage />} />
        <Route path="/knowledge/:pageId" element={<div data-testid="kb-article" />} />
        <Route path="/activities/:id" element={<div data-testid="activity-page" />} />
      </Routes>
      <Where />
    </>,
    route,
  );
  return userEvent.setup();
}

/** coach_ask waits: the test streams on its channel, then ends it. */
function deferredAsk() {
  let resolve!: (a: CoachAnswer) => void;
  let channel!: Channel<CoachEvent>;
  coach.coachAsk.mockImplementation((_input, ch) => {
    channel = ch as Channel<CoachEvent>;
    return new Promise((res) => {
      resolve = (data) => res({ status: "ok", data });
    });
  });
  return { finish: (a: CoachAnswer) => act(() => resolve(a)), send: (...e: CoachEvent[]) => sendEvents(channel, ...e) };
}

async function ask(user: ReturnType<typeof userEvent.setup>, text: string) {
  await user.type(await screen.findByTestId("coach-input"), text);
  await user.keyboard("{Enter}");
}

describe("coach chat", () => {
  it("streams tokens progressively, shows the tool step, then the answer with its citations and figures", async () => {
    const job = deferredAsk();
    const user = renderCoach();
    await ask(user, "How should I run Sunday?");
    expect(coach.coachAsk.mock.calls[0][0]).toEqual({
      question: "How should I run Sunday?",
      conversation_id: null,
      about: null,
      provider: null,
      model: null,
      temperature: null,
      max_tokens: null,
    });
    expect(screen.getByTestId("coach-question")).toHaveTextContent("How should I run Sunday?");
    expect(screen.getByTestId("coach-input")).toBeDisabled();

    job.send({ event: "started", conversation_id: 7, provider: "anthropic", model: "claude-3-5-haiku-latest", grounded: false });
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent("/coach/7"));
    job.send({ event: "tool", name: "search_knowledge", detail: "long run pace" });
    expect(screen.getByTestId("coach-thinking")).toHaveTextContent("Using search_knowledge: long run pace");
    job.send({ event: "token", text: "Keep the " });
    expect(screen.getByTestId("coach-streaming")).toHaveTextContent("Keep the");
    expect(screen.getByTestId("coach-streaming")).not.toHaveTextContent("easy");
    job.send({ event: "token", text: "long run **easy**." });
    expect(screen.getByTestId("coach-streaming")).toHaveTextContent("Keep the long run easy.");
    expect(screen.queryByTestId("coach-answer")).not.toBeInTheDocument();

    job.send({ event: "done", answer: coachAnswer() });
    job.finish(coachAnswer());
    const answer = await screen.findByTestId("coach-answer");
    expect(screen.queryByTestId("coach-streaming")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("coach-answer")).toHaveLength(1);
    expect(within(answer).getByText("easy").tagName).toBe("STRONG");
    const chips = within(answer).getAllByTestId("citation-chip");
    expect(chips.map((c) => c.textContent)).toEqual(["(1) Heart rate zones", "(2) Sunday long run", "(3) Your plan"]);
    expect(chips[1]).toHaveAttribute("href", "/activities/42");
    expect(chips[2]).toHaveAttribute("href", "/plan");
    expect(within(answer).getByTestId("coach-answer-meta")).toHaveTextContent("Anthropic · claude-3-5-haiku-latest · 1,200 → 340 tokens · 2.4 s · $0.0031");
    expect(screen.getByTestId("coach-input")).toBeEnabled();

    await user.click(chips[0]);
    expect(await screen.findByTestId("kb-article")).toBeInTheDocument();
    expect(screen.getByTestId("where")).toHaveTextContent("/knowledge/heart-rate-zones");
  });

  it("labels grounded answers and renders no raw HTML", async () => {
    coach.coachAsk.mockResolvedValue({
      status: "ok",
      data: coachAnswer({ grounded: true, provider: "none", model: "", cost_usd: null, answer: 'Quoted. <img src=x onerror="alert(1)"><b>bold</b>' }),
    });
    const user = renderCoach();
    await ask(user, "Quote me");
    const answer = await screen.findByTestId("coach-answer");
    expect(within(answer).getByTestId("coach-grounded")).toHaveTextContent("Written without a model: your numbers and knowledge passages, quoted");
    expect(answer.querySelector("img")).toBeNull();
    expect(answer.querySelector("b")).toBeNull();
  });

  it("Stop calls coach_stop; the stopped answer is kept and marked", async () => {
    const job = deferredAsk();
    const user = renderCoach();
    await ask(user, "Tell me everything");
    job.send({ event: "started", conversation_id: 7, provider: "none", model: "", grounded: true }, { event: "token", text: "Partial" });
    await user.click(screen.getByTestId("coach-stop"));
    expect(coach.coachStop).toHaveBeenCalledTimes(1);
    job.finish(coachAnswer({ answer: "Partial", stopped: true, citations: [] }));
    expect(await screen.findByTestId("coach-stopped")).toBeInTheDocument();
  });

  it("Shift+Enter adds a line; Enter sends", async () => {
    const user = renderCoach();
    const input = await screen.findByTestId("coach-input");
    await user.type(input, "line one{Shift>}{Enter}{/Shift}line two");
    expect(coach.coachAsk).not.toHaveBeenCalled();
    expect(input).toHaveValue("line one\nline two");
    await user.keyboard("{Enter}");
    await waitFor(() => expect(coach.coachAsk).toHaveBeenCalled());
    expect(coach.coachAsk.mock.calls[0][0].question).toBe("line one\nline two");
  });

  it("opens the consent dialog on consent_required, and resends the question once granted", async () => {
    coach.coachAsk.mockResolvedValueOnce({ status: "error", error: { code: "consent_required", message: "allow openai first", field: "openai" } });
    const user = renderCoach();
    await ask(user, "Plan my week");
    const modal = await screen.findByTestId("consent-dialog");
    const dialog = await within(document.body).findByRole("dialog");
    expect(dialog).toHaveTextContent("Share data with openai?");
    expect(modal).toBeTruthy();
    await screen.findByTestId("consent-fields");
    expect(screen.queryByTestId("coach-question")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("consent-field-plan"));
    await user.click(screen.getByTestId("consent-allow"));
    expect(own.grantConsent).toHaveBeenCalledWith("openai", ["plan"]);
    await waitFor(() => expect(coach.coachAsk).toHaveBeenCalledTimes(2));
    expect(coach.coachAsk.mock.calls[1][0].question).toBe("Plan my week");
    expect(await screen.findByTestId("coach-answer")).toBeInTheDocument();
  });

  it("explains provider errors by code and links to Settings → Coach, giving the question back", async () => {
    coach.coachAsk.mockResolvedValueOnce({ status: "error", error: { code: "unreachable" as never, message: "connection refused", field: null } });
    const user = renderCoach();
    await ask(user, "Hello?");
    const alert = await screen.findByTestId("coach-error");
    expect(alert).toHaveTextContent("The model's server cannot be reached");
    expect(alert).toHaveTextContent("connection refused");
    expect(within(alert).getByTestId("coach-error-settings")).toHaveAttribute("href", "/settings/coach");
    expect(screen.getByTestId("coach-input")).toHaveValue("Hello?");
  });

  it("applies a suggestion only when Apply is clicked", async () => {
    const suggestion: Suggestion = {
      id: "s1",
      kind: "move_workout",
      workout_id: 9,
      title: "Intervals",
      from: "2026-03-17",
      to: "2026-03-18",
      reason: "Two hard days in a row.",
      status: "pending",
    };
    coach.coachAsk.mockResolvedValue({ status: "ok", data: coachAnswer({ suggestions: [suggestion] }) });
    coach.coachDecideSuggestion.mockResolvedValue({ status: "ok", data: { ...suggestion, status: "applied" } });
    const user = renderCoach();
    await ask(user, "Should I move my intervals?");
    const card = await screen.findByTestId("coach-suggestion");
    expect(card).toHaveTextContent("Move “Intervals” from Mar 17, 2026 to Mar 18, 2026");
    expect(card).toHaveTextContent("Two hard days in a row.");
    expect(coach.coachDecideSuggestion).not.toHaveBeenCalled();
    await user.click(within(card).getByTestId("coach-suggestion-apply"));
    expect(coach.coachDecideSuggestion).toHaveBeenCalledWith(71, "s1", true);
    expect(await within(card).findByTestId("coach-suggestion-status")).toHaveTextContent("Applied to your plan");
    expect(within(card).queryByTestId("coach-suggestion-apply")).not.toBeInTheDocument();
  });

  it("regenerates the last answer in place", async () => {
    const user = renderCoach("/coach/1");
    const old = await screen.findByTestId("coach-answer");
    expect(old).toHaveAttribute("data-message-id", "12");
    await user.click(within(old).getByTestId("coach-regenerate"));
    expect(coach.coachRegenerate.mock.calls[0][0]).toBe(12);
    await waitFor(() => expect(screen.getByTestId("coach-answer")).toHaveAttribute("data-message-id", "72"));
    expect(screen.getAllByTestId("coach-answer")).toHaveLength(1);
  });

  it("offers suggested first questions and sends one on click, with what it is about", async () => {
    const user = renderCoach("/coach?about=activity:12");
    expect(await screen.findByTestId("coach-about")).toHaveTextContent("About: activity 12");
    expect(coach.coachSuggestedQuestions).toHaveBeenCalledWith("en");
    const chips = await screen.findAllByTestId("coach-suggested-question");
    await user.click(chips[1]);
    await waitFor(() => expect(coach.coachAsk).toHaveBeenCalled());
    expect(coach.coachAsk.mock.calls[0][0]).toMatchObject({ question: "Am I on track?", about: { kind: "activity", id: 12 } });
  });

  it("sends the picker's provider and model as overrides", async () => {
    const user = renderCoach();
    const picker = await screen.findByTestId("coach-model-picker");
    await user.selectOptions(within(picker).getByTestId("coach-provider"), "openai_compatible");
    await user.click(screen.getByTestId("coach-model"));
    await waitFor(() => expect(coach.coachModels).toHaveBeenCalledWith("openai_compatible", null));
    await waitFor(() => expect(within(picker).getAllByRole("option", { name: "qwen2.5:7b" })).toHaveLength(1));
    await user.selectOptions(screen.getByTestId("coach-model"), "qwen2.5:7b");
    await ask(user, "Hi");
    await waitFor(() => expect(coach.coachAsk).toHaveBeenCalled());
    expect(coach.coachAsk.mock.calls[0][0]).toMatchObject({ provider: "openai_compatible", model: "qwen2.5:7b", temperature: null });
  });

  it("shows the models' error inline in the picker", async () => {
    coach.coachModels.mockResolvedValue({ status: "error", error: { code: "unreachable" as never, message: "cannot reach localhost:11434", field: null } });
    const user = renderCoach();
    await user.selectOptions(await screen.findByTestId("coach-provider"), "openai_compatible");
    await user.click(screen.getByTestId("coach-model"));
    expect(await screen.findByText("cannot reach localhost:11434")).toBeInTheDocument();
  });
});

describe("conversation list", () => {
  it("searches, renames, exports and deletes after confirmation", async () => {
    const user = renderCoach("/coach/1");
    const list = await screen.findByTestId("coach-conversations");
    await waitFor(() => expect(within(list).getAllByTestId("coach-conversation")).toHaveLength(2));
    expect(await screen.findByTestId("coach-title")).toHaveTextContent("Why was Tuesday's run so hard?");

    coach.coachConversations.mockResolvedValue({ status: "ok", data: [conversations[1]] });
    await user.type(within(list).getByTestId("coach-search"), "taper");
    await waitFor(() => expect(coach.coachConversations).toHaveBeenLastCalledWith("taper"));
    await waitFor(() => expect(within(list).getAllByTestId("coach-conversation")).toHaveLength(1));
    coach.coachConversations.mockResolvedValue({ status: "ok", data: conversations });
    await user.clear(within(list).getByTestId("coach-search"));
    await waitFor(() => expect(within(list).getAllByTestId("coach-conversation")).toHaveLength(2));

    // rename the open one
    await user.click(within(list).getAllByTestId("coach-conversation-menu")[0]);
    await user.click(await screen.findByTestId("coach-rename"));
    const renameModal = await screen.findByTestId("coach-rename-dialog");
    await within(renameModal).findByRole("dialog");
    const input = await screen.findByTestId("coach-rename-input");
    await user.clear(input);
    await user.type(input, "Hard Tuesday");
    await user.click(screen.getByTestId("coach-rename-save"));
    expect(coach.coachRenameConversation).toHaveBeenCalledWith(1, "Hard Tuesday");
    await waitFor(() => expect(screen.getByTestId("coach-title")).toHaveTextContent("Hard Tuesday"));

    // export
    await user.click(within(list).getAllByTestId("coach-conversation-menu")[0]);
    await user.click(await screen.findByTestId("coach-export"));
    expect(coach.coachSaveConversation).toHaveBeenCalledWith(1);

    // delete: nothing until confirmed
    await user.click(within(list).getAllByTestId("coach-conversation-menu")[0]);
    await user.click(await screen.findByTestId("coach-delete"));
    const delModal = await screen.findByTestId("coach-delete-dialog");
    const dialog = await within(delModal).findByRole("dialog");
    expect(dialog).toHaveTextContent("“Hard Tuesday” and all its messages will be deleted");
    expect(coach.coachDeleteConversation).not.toHaveBeenCalled();
    coach.coachConversations.mockResolvedValue({ status: "ok", data: [conversations[1]] });
    await user.click(screen.getByTestId("coach-delete-confirm"));
    expect(coach.coachDeleteConversation).toHaveBeenCalledWith(1);
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent(/^\/coach$/));
    await waitFor(() => expect(within(list).getAllByTestId("coach-conversation")).toHaveLength(1));
  });

  it("opens a conversation from the list", async () => {
    const user = renderCoach();
    const list = await screen.findByTestId("coach-conversations");
    const items = await within(list).findAllByTestId("coach-conversation-open");
    fireEvent.click(items[0]);
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent("/coach/1"));
    expect(coach.coachConversation).toHaveBeenCalledWith(1);
    expect(await screen.findByTestId("coach-answer")).toHaveTextContent("Your heart rate drifted.");
    await user.click(screen.getByTestId("coach-new"));
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent(/^\/coach$/));
    expect(await screen.findByTestId("coach-empty")).toBeInTheDocument();
  });
});

describe("conversation settings", () => {
  // A model is used (grounded answers hide the settings): no consent needed for a local server.
  beforeEach(() => {
    coach.coachConfig.mockResolvedValue({ status: "ok", data: { ...coachConfig, active: "openai_compatible" } });
  });

  const picker = () => screen.getByTestId("coach-model-picker");
  /** Moves the slider with the keyboard: each arrow is one 0.1 step and one change end. */
  async function nudgeTemperature(user: ReturnType<typeof userEvent.setup>, steps: number) {
    const thumb = within(screen.getByTestId("coach-temperature")).getByRole("slider");
    thumb.focus();
    for (let i = 0; i < steps; i++) await user.keyboard("{ArrowRight}");
  }
  async function typeMaxTokens(user: ReturnType<typeof userEvent.setup>, value: string) {
    const input = screen.getByTestId("coach-max-tokens");
    await user.clear(input);
    if (value) await user.type(input, value);
    await user.tab();
  }

  it("a new conversation shows the defaults and sends the chosen temperature and answer length with its first question only", async () => {
    const user = renderCoach();
    const tokens = await screen.findByTestId("coach-max-tokens");
    expect(picker()).toHaveTextContent("Temperature: 0.3");
    expect(tokens).toHaveValue("1024");
    expect(screen.getByTestId("coach-temperature-default")).toHaveTextContent("default");
    expect(screen.getByTestId("coach-max-tokens-default")).toBeInTheDocument();

    await nudgeTemperature(user, 2);
    await typeMaxTokens(user, "600");
    expect(picker()).toHaveTextContent("Temperature: 0.5");
    expect(screen.getByTestId("coach-max-tokens-reset")).toHaveAccessibleName("Back to the default answer length (1,024 tokens)");
    // Nothing to save them on yet.
    expect(coach.coachConversationSettings).not.toHaveBeenCalled();

    await ask(user, "How long should Sunday be?");
    await waitFor(() => expect(coach.coachAsk).toHaveBeenCalledTimes(1));
    expect(coach.coachAsk.mock.calls[0][0]).toMatchObject({ conversation_id: null, temperature: 0.5, max_tokens: 600 });
    await screen.findByTestId("coach-answer");
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent("/coach/7"));

    // The conversation has them now: the next question keeps them without resending.
    expect(screen.getByTestId("coach-max-tokens")).toHaveValue("600");
    expect(picker()).toHaveTextContent("Temperature: 0.5");
    await ask(user, "And Monday?");
    await waitFor(() => expect(coach.coachAsk).toHaveBeenCalledTimes(2));
    expect(coach.coachAsk.mock.calls[1][0]).toMatchObject({ conversation_id: 7, temperature: null, max_tokens: null });
  });

  it("opening a conversation shows its own settings, and another one its own or the defaults", async () => {
    coach.coachConversation.mockImplementation(async (id) => ({
      status: "ok",
      data: id === 1 ? { ...conversationOne, temperature: 0.9, max_tokens: 600 } : { ...conversationOne, id, title: "Taper before the half" },
    }));
    renderCoach("/coach/1");
    await waitFor(() => expect(screen.getByTestId("coach-max-tokens")).toHaveValue("600"));
    expect(picker()).toHaveTextContent("Temperature: 0.9");
    expect(screen.getByTestId("coach-temperature-reset")).toBeInTheDocument();
    expect(screen.getByTestId("coach-max-tokens-reset")).toBeInTheDocument();
    expect(screen.queryByTestId("coach-max-tokens-default")).not.toBeInTheDocument();

    const list = await screen.findByTestId("coach-conversations");
    fireEvent.click((await within(list).findAllByTestId("coach-conversation-open"))[1]);
    await waitFor(() => expect(coach.coachConversation).toHaveBeenCalledWith(2));
    await waitFor(() => expect(screen.getByTestId("coach-max-tokens")).toHaveValue("1024"));
    expect(picker()).toHaveTextContent("Temperature: 0.3");
    expect(screen.getByTestId("coach-temperature-default")).toBeInTheDocument();
    expect(screen.getByTestId("coach-max-tokens-default")).toBeInTheDocument();
  });

  it("in an open conversation, a change is saved at once with the other setting unchanged; Reset returns it to the default", async () => {
    coach.coachConversation.mockResolvedValue({ status: "ok", data: { ...conversationOne, temperature: 0.9, max_tokens: 600 } });
    const user = renderCoach("/coach/1");
    await waitFor(() => expect(screen.getByTestId("coach-max-tokens")).toHaveValue("600"));

    await typeMaxTokens(user, "800");
    // Once, when the field is left, not at each keystroke.
    await waitFor(() => expect(coach.coachConversationSettings).toHaveBeenCalledTimes(1));
    expect(coach.coachConversationSettings).toHaveBeenCalledWith(1, { temperature: 0.9, max_tokens: 800 });
    expect(screen.getByTestId("coach-max-tokens")).toHaveValue("800");

    await nudgeTemperature(user, 1);
    await waitFor(() => expect(coach.coachConversationSettings).toHaveBeenCalledTimes(2));
    expect(coach.coachConversationSettings).toHaveBeenLastCalledWith(1, { temperature: 1, max_tokens: 800 });

    await user.click(screen.getByTestId("coach-max-tokens-reset"));
    await waitFor(() => expect(coach.coachConversationSettings).toHaveBeenCalledTimes(3));
    expect(coach.coachConversationSettings).toHaveBeenLastCalledWith(1, { temperature: 1, max_tokens: null });
    await waitFor(() => expect(screen.getByTestId("coach-max-tokens")).toHaveValue("1024"));
    expect(screen.getByTestId("coach-max-tokens-default")).toBeInTheDocument();
    expect(picker()).toHaveTextContent("Temperature: 1.0");

    // A question in it keeps what is saved.
    await ask(user, "Why?");
    await waitFor(() => expect(coach.coachAsk).toHaveBeenCalled());
    expect(coach.coachAsk.mock.calls[0][0]).toMatchObject({ conversation_id: 1, temperature: null, max_tokens: null });
  });

  it("shows a refused setting's reason under it and keeps the saved one", async () => {
    coach.coachConversationSettings.mockResolvedValueOnce({
      status: "error",
      error: { code: "invalid_input", message: "the answer length is between 16 and 32,768 tokens", field: "max_tokens" },
    });
    const user = renderCoach("/coach/1");
    await screen.findByTestId("coach-answer");
    await typeMaxTokens(user, "900");
    expect(await screen.findByText("the answer length is between 16 and 32,768 tokens")).toBeInTheDocument();
    expect(screen.getByTestId("coach-max-tokens")).toHaveValue("900");
    expect(screen.getByTestId("coach-max-tokens-default")).toBeInTheDocument();

    // Out of range: told here, nothing sent.
    await typeMaxTokens(user, "5");
    expect(await screen.findByText("Enter a whole number between 16 and 32,768")).toBeInTheDocument();
    expect(coach.coachConversationSettings).toHaveBeenCalledTimes(1);
  });

  it("hides the settings for grounded answers, written without a model", async () => {
    coach.coachConfig.mockResolvedValue({ status: "ok", data: coachConfig });
    renderCoach();
    await screen.findByTestId("coach-grounded-mode");
    expect(screen.queryByTestId("coach-max-tokens")).not.toBeInTheDocument();
    expect(screen.queryByTestId("coach-temperature")).not.toBeInTheDocument();
  });
});
