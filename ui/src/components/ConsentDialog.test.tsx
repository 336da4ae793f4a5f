import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { settingsWith } from "../test/fixtures";
import { setupCommandMocks } from "../test/mockBindings";
import { ownDataMocks } from "../test/ownDataMocks";
import { renderApp } from "../test/render";
import { ConsentDialog } from "./ConsentDialog";

vi.mock("../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();
const own = ownDataMocks();

function renderDialog(provider: string) {
  const onClose = vi.fn();
  const onGranted = vi.fn();
  renderApp(<ConsentDialog provider={provider} opened onClose={onClose} onGranted={onGranted} />);
  return { onClose, onGranted, user: userEvent.setup() };
}

describe("consent dialog", () => {
  it("lists every field with its explanation, none ticked for a new provider", async () => {
    renderDialog("openai");
    const fields = await screen.findByTestId("consent-fields");
    const boxes = within(fields).getAllByRole("checkbox");
    expect(boxes).toHaveLength(7);
    for (const box of boxes) expect(box).not.toBeChecked();
    expect(fields).toHaveTextContent("Detailed activity recordings");
    expect(fields).toHaveTextContent("Second-by-second heart rate, power, pace and GPS track.");
    expect(fields).toHaveTextContent("Perceived effort and notes");
    // nothing to allow yet
    expect(screen.getByTestId("consent-allow")).toBeDisabled();
  });

  it("starts from what the provider is already allowed", async () => {
    renderDialog("anthropic");
    await screen.findByTestId("consent-fields");
    expect(screen.getByTestId("consent-field-profile")).toBeChecked();
    expect(screen.getByTestId("consent-field-activity_summaries")).toBeChecked();
    expect(screen.getByTestId("consent-field-wellness")).not.toBeChecked();
  });

  it("grants the ticked fields and hands the consent back", async () => {
    const { user, onGranted } = renderDialog("anthropic");
    await screen.findByTestId("consent-fields");
    await user.click(screen.getByTestId("consent-field-profile")); // untick
    await user.click(screen.getByTestId("consent-field-rpe_notes"));
    await user.click(screen.getByTestId("consent-allow"));
    expect(own.grantConsent).toHaveBeenCalledWith("anthropic", ["activity_summaries", "rpe_notes"]);
    await waitFor(() =>
      expect(onGranted).toHaveBeenCalledWith({
        provider: "anthropic",
        fields: ["activity_summaries", "rpe_notes"],
        granted_at: "2026-03-15T10:00:00Z",
      }),
    );
  });

  it("stays open with the message when the consent cannot be saved", async () => {
    own.grantConsent.mockResolvedValueOnce({ status: "error", error: { code: "storage", message: "database is locked", field: null } });
    const { user, onGranted } = renderDialog("anthropic");
    await screen.findByTestId("consent-fields");
    await user.click(screen.getByTestId("consent-allow"));
    expect(await screen.findByTestId("consent-error")).toHaveTextContent("database is locked");
    expect(onGranted).not.toHaveBeenCalled();
  });

  it("cancels without granting anything", async () => {
    const { user, onClose } = renderDialog("openai");
    await screen.findByTestId("consent-fields");
    await user.click(screen.getByTestId("consent-cancel"));
    expect(onClose).toHaveBeenCalled();
    expect(own.grantConsent).not.toHaveBeenCalled();
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr" }) });
    renderDialog("openai");
    await waitFor(() => expect(screen.getByTestId("consent-allow")).toHaveTextContent("Autoriser"));
    const fields = await screen.findByTestId("consent-fields");
    expect(fields).toHaveTextContent("Enregistrements détaillés des activités");
    expect(fields).toHaveTextContent("la FC au repos, la VFC, le sommeil et le poids mesurés par vos comptes synchronisés");
    expect(screen.getByText("Partager des données avec openai ?")).toBeInTheDocument();
  });
});
