import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import type { Channel } from "@tauri-apps/api/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CoachConfig, DownloadProgress } from "../../lib/coach";
import { coachConfig, coachMocks, sendEvents } from "../../test/coachFixtures";
import { setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { CoachTab } from "./CoachTab";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

setupCommandMocks();
const coach = coachMocks();

beforeEach(() => mockIPC(() => null));
afterEach(() => clearMocks());

function withActive(active: CoachConfig["active"], over: Partial<CoachConfig> = {}) {
  coach.coachConfig.mockResolvedValue({ status: "ok", data: { ...coachConfig, active, ...over } });
}

/** coach_set_api_key answers like the backend: the provider's `has_key` follows the key stored or removed. */
function keychainAnswers(active: CoachConfig["active"]) {
  coach.coachSetApiKey.mockImplementation(async (provider, key) => ({
    status: "ok",
    data: { ...coachConfig, active, providers: coachConfig.providers.map((p) => (p.provider === provider ? { ...p, has_key: key !== null } : p)) },
  }));
}

describe("Settings → Coach", () => {
  it("starts in grounded mode and explains each provider's trade-off", async () => {
    renderApp(<CoachTab />);
    const form = await screen.findByTestId("coach-settings-form");
    expect(within(form).getByLabelText("None (grounded mode)")).toBeChecked();
    expect(form).toHaveTextContent("No model: answers quote your numbers and knowledge passages");
    expect(form).toHaveTextContent("private and offline, but slower and weaker on a laptop with 2 cores");
    expect(form).toHaveTextContent("Ollama, LM Studio, llama.cpp server on your computer: private and stronger");
    expect(form).toHaveTextContent("data you allow leaves this computer, after your consent");
    expect(screen.queryByTestId("coach-settings-remote")).not.toBeInTheDocument();
  });

  it("saves the form values with coach_set_config", async () => {
    const user = userEvent.setup();
    renderApp(<CoachTab />);
    await user.click(await screen.findByLabelText("OpenAI-compatible server"));
    const url = await screen.findByTestId("coach-settings-base-url");
    await user.clear(url);
    await user.type(url, "http://localhost:1234/v1");
    await user.click(screen.getByTestId("coach-settings-list-models"));
    // The address typed, before it is saved.
    expect(coach.coachModels).toHaveBeenCalledWith("openai_compatible", { base_url: "http://localhost:1234/v1", api_key: null });
    expect(await screen.findByTestId("coach-settings-models-found")).toHaveTextContent("2 models");
    const model = screen.getByTestId("coach-settings-model");
    await user.clear(model);
    await user.type(model, "qwen2.5:7b");
    const temp = screen.getByTestId("coach-settings-temperature");
    await user.clear(temp);
    await user.type(temp, "0.7");
    const max = screen.getByTestId("coach-settings-max-tokens");
    await user.clear(max);
    await user.type(max, "2048");
    await user.click(screen.getByTestId("coach-settings-save"));
    await waitFor(() => expect(coach.coachSetConfig).toHaveBeenCalledTimes(1));
    expect(coach.coachSetConfig).toHaveBeenCalledWith({
      active: "openai_compatible",
      temperature: 0.7,
      max_tokens: 2048,
      providers: [
        { provider: "openai_compatible", base_url: "http://localhost:1234/v1", model: "qwen2.5:7b" },
        { provider: "openai", base_url: "https://api.openai.com/v1", model: "gpt-4o-mini" },
        { provider: "anthropic", base_url: "https://api.anthropic.com", model: "claude-3-5-haiku-latest" },
        { provider: "gemini", base_url: "https://generativelanguage.googleapis.com", model: "gemini-2.0-flash" },
      ],
      local_model_path: null,
    });
  });

  it("refuses a base URL that is not http(s), a temperature above 2 and too few tokens", async () => {
    withActive("openai_compatible");
    const user = userEvent.setup();
    renderApp(<CoachTab />);
    const url = await screen.findByTestId("coach-settings-base-url");
    await user.clear(url);
    await user.type(url, "ftp://example.com");
    const temp = screen.getByTestId("coach-settings-temperature");
    await user.clear(temp);
    await user.type(temp, "2.5");
    const max = screen.getByTestId("coach-settings-max-tokens");
    await user.clear(max);
    await user.type(max, "8");
    await user.click(screen.getByTestId("coach-settings-save"));
    expect(await screen.findByText("Enter an http:// or https:// address")).toBeInTheDocument();
    expect(screen.getByText("Enter a temperature between 0 and 2")).toBeInTheDocument();
    expect(screen.getByText("Enter a whole number between 16 and 32,768")).toBeInTheDocument();
    expect(coach.coachSetConfig).not.toHaveBeenCalled();
  });

  it("stores the API key without ever showing it again", async () => {
    withActive("openai");
    keychainAnswers("openai");
    const user = userEvent.setup();
    renderApp(<CoachTab />);
    const input = await screen.findByTestId("coach-api-key-input");
    await user.type(input, "sk-secret-123");
    await user.click(screen.getByTestId("coach-api-key-save"));
    expect(coach.coachSetApiKey).toHaveBeenCalledWith("openai", "sk-secret-123");
    expect(await screen.findByTestId("coach-api-key-saved")).toHaveTextContent("Key saved");
    expect(screen.queryByTestId("coach-api-key-input")).not.toBeInTheDocument();
    expect(document.body.innerHTML).not.toContain("sk-secret-123");
    for (const el of document.querySelectorAll("input")) expect(el.value).not.toContain("sk-secret");
    await user.click(screen.getByTestId("coach-api-key-remove"));
    expect(coach.coachSetApiKey).toHaveBeenLastCalledWith("openai", null);
  });

  it("lists the models with the key being typed, and with the saved one once it is stored", async () => {
    withActive("openai");
    keychainAnswers("openai");
    const user = userEvent.setup();
    renderApp(<CoachTab />);
    await user.type(await screen.findByTestId("coach-api-key-input"), " sk-typed-1 ");
    await user.click(screen.getByTestId("coach-settings-list-models"));
    expect(coach.coachModels).toHaveBeenLastCalledWith("openai", expect.objectContaining({ api_key: "sk-typed-1" }));
    await user.click(screen.getByTestId("coach-api-key-save"));
    await screen.findByTestId("coach-api-key-saved");
    await user.click(screen.getByTestId("coach-settings-list-models"));
    // Saved: the backend reads it from the keychain; the page holds it no more.
    expect(coach.coachModels).toHaveBeenLastCalledWith("openai", expect.objectContaining({ api_key: null }));
  });

  it("forgets a key typed for one provider when another is chosen", async () => {
    withActive("openai");
    const user = userEvent.setup();
    renderApp(<CoachTab />);
    await user.type(await screen.findByTestId("coach-api-key-input"), "sk-openai-only");
    await user.click(screen.getByLabelText("Gemini"));
    expect(await screen.findByTestId("coach-api-key-input")).toHaveValue("");
    await user.click(screen.getByTestId("coach-settings-list-models"));
    expect(coach.coachModels).toHaveBeenLastCalledWith("gemini", expect.objectContaining({ api_key: null }));
    await user.click(screen.getByLabelText("OpenAI"));
    expect(await screen.findByTestId("coach-api-key-input")).toHaveValue("");
    await user.click(screen.getByTestId("coach-settings-list-models"));
    expect(coach.coachModels).toHaveBeenLastCalledWith("openai", expect.objectContaining({ api_key: null }));
    expect(coach.coachSetApiKey).not.toHaveBeenCalled();
  });

  it("says what a cloud provider receives, with the Strava rule, and changes it through the consent dialog", async () => {
    withActive("anthropic");
    const user = userEvent.setup();
    renderApp(<CoachTab />);
    const section = await screen.findByTestId("coach-cloud-data");
    expect(within(section).getByTestId("coach-cloud-fields")).toHaveTextContent("Profile");
    expect(within(section).getByTestId("coach-cloud-fields")).toHaveTextContent("Activity summaries");
    expect(section).toHaveTextContent("forbids using it to train AI models");
    expect(within(section).getByTestId("coach-cloud-strava")).toHaveTextContent("not sent");
    await user.click(within(section).getByTestId("coach-cloud-change"));
    const modal = await screen.findByTestId("consent-dialog");
    expect(await within(modal).findByRole("dialog")).toHaveTextContent("Share data with anthropic?");
  });

  it("chooses a GGUF file and saves it as the local model", async () => {
    withActive("local");
    const user = userEvent.setup();
    renderApp(<CoachTab />);
    expect(await screen.findByTestId("coach-local-path")).toHaveTextContent("No model file chosen yet.");
    await user.click(screen.getByTestId("coach-local-choose"));
    await waitFor(() => expect(coach.coachSetConfig).toHaveBeenCalled());
    expect(coach.coachSetConfig.mock.calls[0][0]).toMatchObject({ active: "local", local_model_path: "/models/mine.gguf" });
  });

  it("downloads a recommended model with progress, can cancel, and selects it when done", async () => {
    withActive("local");
    let channel!: Channel<DownloadProgress>;
    let resolve!: (path: string) => void;
    coach.coachDownloadModel.mockImplementation((_id, ch) => {
      channel = ch as Channel<DownloadProgress>;
      return new Promise((res) => (resolve = (data) => res({ status: "ok", data })));
    });
    const user = userEvent.setup();
    renderApp(<CoachTab />);
    const card = await screen.findByTestId("coach-recommended-model");
    expect(card).toHaveTextContent("Qwen2.5 1.5B Instruct");
    expect(card).toHaveTextContent("986 MB");
    expect(within(card).getByText("Licence: Apache-2.0")).toHaveAttribute("href", "https://www.apache.org/licenses/LICENSE-2.0");
    await user.click(within(card).getByTestId("coach-download"));
    expect(coach.coachDownloadModel.mock.calls[0][0]).toBe("qwen-1.5b");
    sendEvents(channel, { done: 493_000_000, total: 986_000_000 });
    expect(within(card).getByTestId("coach-download-progress")).toHaveAttribute("data-done", "493000000");
    expect(within(card).getByTestId("coach-download-text")).toHaveTextContent("493 MB of 986 MB (50 %)");
    await user.click(within(card).getByTestId("coach-download-cancel"));
    expect(coach.coachCancelDownload).toHaveBeenCalled();
    await act(async () => resolve("/models/qwen-1.5b.gguf"));
    await waitFor(() => expect(coach.coachSetConfig).toHaveBeenCalled());
    expect(coach.coachSetConfig.mock.calls[0][0]).toMatchObject({ active: "local", local_model_path: "/models/qwen-1.5b.gguf" });
  });
});
