import { notifications } from "@mantine/notifications";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { page } from "../../../lib/reload";
import { settingsWith } from "../../../test/fixtures";
import { setupCommandMocks } from "../../../test/mockBindings";
import { ownDataMocks } from "../../../test/ownDataMocks";
import { renderApp } from "../../../test/render";
import { isConfirmationWord } from "./EraseEverythingModal";
import { EraseSection } from "./EraseSection";

vi.mock("../../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();
const own = ownDataMocks();

afterEach(() => {
  notifications.clean();
  notifications.cleanQueue();
});

async function renderErase() {
  renderApp(<EraseSection />);
  await screen.findByTestId("erase-providers");
  return userEvent.setup();
}

describe("erase one provider", () => {
  it("lists the providers with their names and counts", async () => {
    await renderErase();
    const rows = screen.getAllByTestId("erase-provider-row");
    expect(rows.map((r) => r.getAttribute("data-provider"))).toEqual(["file", "strava_export", "manual"]);
    expect(rows[0]).toHaveTextContent("Imported files");
    expect(rows[0]).toHaveTextContent("380 activities");
    expect(rows[0]).toHaveTextContent("erasing deletes 370 of them; the others keep their other sources");
    expect(rows[1]).toHaveTextContent("Strava export");
    expect(rows[2]).toHaveTextContent("Entered by hand");
    // all of them come only from this source: no second line
    expect(rows[2]).not.toHaveTextContent("erasing deletes");
  });

  it("previews, then erases on confirmation and refreshes the list", async () => {
    const user = await renderErase();
    await user.click(screen.getByTestId("erase-provider-strava_export"));
    const modal = await screen.findByTestId("erase-provider-modal");
    // The root mounts before its content (Mantine's transition): wait for the dialog.
    await within(modal).findByRole("dialog");
    expect(own.erasePreview).toHaveBeenCalledWith("strava_export");
    expect(await within(modal).findByTestId("erase-preview-counts")).toHaveTextContent(
      "Activities to delete: 30 · sources to remove: 40",
    );
    expect(within(modal).getAllByTestId("erase-preview-item").map((i) => i.textContent)).toEqual([
      "30 activities only from this source",
      "40 source files",
    ]);
    expect(own.eraseProvider).not.toHaveBeenCalled();
    await user.click(within(modal).getByTestId("erase-provider-confirm"));
    expect(own.eraseProvider).toHaveBeenCalledWith("strava_export");
    expect(await screen.findByTestId("erase-done")).toHaveTextContent("Activities deleted: 30 · sources removed: 40");
    expect(screen.getByText("Erased: Strava export")).toBeInTheDocument();
    await waitFor(() => expect(own.dataProviders).toHaveBeenCalledTimes(2));
  });

  it("keeps the dialog open with the message when erasing fails", async () => {
    own.eraseProvider.mockResolvedValueOnce({ status: "error", error: { code: "storage", message: "database is locked", field: null } });
    const user = await renderErase();
    await user.click(screen.getByTestId("erase-provider-file"));
    await screen.findByTestId("erase-preview");
    await user.click(screen.getByTestId("erase-provider-confirm"));
    expect(await screen.findByTestId("erase-error")).toHaveTextContent("database is locked");
    expect(screen.getByTestId("erase-provider-modal")).toBeInTheDocument();
    expect(own.dataProviders).toHaveBeenCalledTimes(1);
  });

  it("says when nothing is stored", async () => {
    own.dataProviders.mockResolvedValue({ status: "ok", data: [] });
    renderApp(<EraseSection />);
    expect(await screen.findByTestId("erase-providers-empty")).toHaveTextContent("No activity stored yet.");
  });
});

describe("erase everything", () => {
  it("enables the red button only once ERASE is typed, then erases and says Tempo restarts", async () => {
    const user = await renderErase();
    await user.click(screen.getByTestId("erase-everything"));
    const modal = await screen.findByTestId("erase-everything-modal");
    // The root mounts before its content (Mantine's transition): wait for the dialog.
    await within(modal).findByRole("dialog");
    expect(own.erasePreview).toHaveBeenCalledWith(null);
    expect(await within(modal).findAllByTestId("erase-preview-item")).toHaveLength(4);
    const confirm = within(modal).getByTestId("erase-everything-confirm");
    expect(confirm).toBeDisabled();
    const word = within(modal).getByTestId("erase-everything-word");
    await user.type(word, "ERAS");
    expect(confirm).toBeDisabled();
    await user.type(word, "E");
    expect(confirm).toBeEnabled();
    await user.click(confirm);
    expect(own.eraseEverything).toHaveBeenCalledWith(false);
    expect(await screen.findByTestId("erase-everything-done")).toHaveTextContent("Tempo is restarting");
    // should the backend's restart not come, the athlete can start over by hand
    const reload = vi.spyOn(page, "reload").mockImplementation(() => {});
    await user.click(screen.getByTestId("erase-everything-reload"));
    expect(reload).toHaveBeenCalledTimes(1);
    reload.mockRestore();
  });

  it("also deletes the models when asked", async () => {
    const user = await renderErase();
    await user.click(screen.getByTestId("erase-everything"));
    await user.click(await screen.findByTestId("erase-everything-models"));
    await user.type(screen.getByTestId("erase-everything-word"), "erase");
    await user.click(screen.getByTestId("erase-everything-confirm"));
    expect(own.eraseEverything).toHaveBeenCalledWith(true);
  });

  it("shows the failure and lets the athlete cancel", async () => {
    own.eraseEverything.mockResolvedValueOnce({ status: "error", error: { code: "storage", message: "permission denied", field: null } });
    const user = await renderErase();
    await user.click(screen.getByTestId("erase-everything"));
    await user.type(await screen.findByTestId("erase-everything-word"), "ERASE");
    await user.click(screen.getByTestId("erase-everything-confirm"));
    expect(await screen.findByTestId("erase-error")).toHaveTextContent("permission denied");
    expect(screen.queryByTestId("erase-everything-done")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("erase-everything-cancel"));
    await waitFor(() => expect(screen.queryByTestId("erase-everything-word")).not.toBeInTheDocument());
  });

  it("asks for EFFACER in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr" }) });
    const user = await renderErase();
    await waitFor(() => expect(screen.getAllByTestId("erase-provider-row")[0]).toHaveTextContent("Fichiers importés"));
    expect(screen.getAllByTestId("erase-provider-row")[0]).toHaveTextContent("l'effacement en supprime 370 ; les autres gardent leurs autres sources");
    await user.click(screen.getByTestId("erase-everything"));
    const word = await screen.findByTestId("erase-everything-word");
    expect(screen.getByText("Tapez EFFACER pour confirmer")).toBeInTheDocument();
    await user.type(word, "ERASE");
    expect(screen.getByTestId("erase-everything-confirm")).toBeDisabled();
    await user.clear(word);
    await user.type(word, "EFFACER");
    expect(screen.getByTestId("erase-everything-confirm")).toBeEnabled();
    expect(screen.getByTestId("erase-everything-confirm")).toHaveTextContent("Tout effacer");
  });
});

describe("isConfirmationWord", () => {
  it("ignores case and surrounding spaces, nothing else", () => {
    expect(isConfirmationWord(" erase ", "ERASE")).toBe(true);
    expect(isConfirmationWord("EFFACER", "EFFACER")).toBe(true);
    expect(isConfirmationWord("ERASE!", "ERASE")).toBe(false);
    expect(isConfirmationWord("", "ERASE")).toBe(false);
  });
});
