import { notifications } from "@mantine/notifications";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from "vitest";
import { App } from "../../../App";
import { page } from "../../../lib/reload";
import { settingsWith } from "../../../test/fixtures";
import { setupCommandMocks } from "../../../test/mockBindings";
import { backups, restoreReport } from "../../../test/ownDataFixtures";
import { ownDataMocks } from "../../../test/ownDataMocks";
import { renderApp } from "../../../test/render";
import { BackupSection } from "./BackupSection";

vi.mock("../../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();
const own = ownDataMocks();
let reload: Mock<() => void>;

beforeEach(() => {
  reload = vi.fn<() => void>();
  vi.spyOn(page, "reload").mockImplementation(reload);
});

afterEach(() => {
  vi.restoreAllMocks();
  notifications.clean();
  notifications.cleanQueue();
});

async function renderBackups() {
  renderApp(<BackupSection />);
  await screen.findByTestId("backup-list");
  return userEvent.setup();
}

describe("backups", () => {
  it("lists the backups with their kind, size and folder", async () => {
    await renderBackups();
    const rows = screen.getAllByTestId("backup-row");
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent(backups[0].file_name);
    expect(within(rows[0]).getByTestId("backup-kind")).toHaveTextContent("Automatic");
    expect(within(rows[1]).getByTestId("backup-kind")).toHaveTextContent("Manual");
    expect(within(rows[2]).getByTestId("backup-kind")).toHaveTextContent("Before a restore");
    expect(rows[0]).toHaveTextContent("5 MiB");
    expect(screen.getByTestId("backup-dir")).toHaveTextContent("/home/camille/.local/share/tempo/backups");
  });

  it("says when there is no backup yet", async () => {
    own.listBackups.mockResolvedValue({ status: "ok", data: { dir: "/b", backups: [] } });
    renderApp(<BackupSection />);
    expect(await screen.findByTestId("backup-empty")).toHaveTextContent("No backup yet.");
  });

  it("backs up now, confirms with the file name and refreshes the list", async () => {
    const user = await renderBackups();
    await user.click(screen.getByTestId("backup-now"));
    expect(await screen.findByTestId("backup-done")).toHaveTextContent("tempo-2026-03-15-1000.tempo-backup");
    expect(own.backupNow).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(own.listBackups).toHaveBeenCalledTimes(2));
  });

  it("backs up to a file, and does nothing when the save dialog is cancelled", async () => {
    own.backupToFile.mockResolvedValueOnce({ status: "ok", data: null });
    const user = await renderBackups();
    await user.click(screen.getByTestId("backup-to-file"));
    await waitFor(() => expect(own.backupToFile).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId("backup-done")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("backup-to-file"));
    expect(await screen.findByTestId("backup-done")).toHaveTextContent("tempo.tempo-backup");
  });

  it("shows the backend's message when a backup fails", async () => {
    own.backupNow.mockResolvedValueOnce({ status: "error", error: { code: "storage", message: "disk is full", field: null } });
    const user = await renderBackups();
    await user.click(screen.getByTestId("backup-now"));
    expect(await screen.findByText("disk is full")).toBeInTheDocument();
    expect(screen.getByText("The backup failed")).toBeInTheDocument();
  });

  it("saves the automatic backup switch and the number to keep in the settings", async () => {
    const user = await renderBackups();
    const toggle = screen.getByTestId("backup-auto");
    await waitFor(() => expect(toggle).toBeChecked());
    await user.click(toggle);
    await waitFor(() => expect(mocks.setSettings).toHaveBeenCalledTimes(1));
    expect(mocks.setSettings.mock.calls[0][0]).toMatchObject({ auto_backup: false, backup_keep: 7, language: "en" });
    // switched off: nothing to keep
    expect(screen.getByTestId("backup-keep")).toBeDisabled();
    await user.click(toggle);
    await waitFor(() => expect(screen.getByTestId("backup-keep")).toBeEnabled());
    const keep = screen.getByTestId("backup-keep");
    await user.clear(keep);
    await user.type(keep, "14");
    await user.tab();
    await waitFor(() => expect(mocks.setSettings).toHaveBeenCalledTimes(3));
    expect(mocks.setSettings.mock.calls[2][0]).toMatchObject({ auto_backup: true, backup_keep: 14 });
  });

  it("refuses to keep zero backups without saving", async () => {
    const user = await renderBackups();
    const keep = screen.getByTestId("backup-keep");
    await user.clear(keep);
    await user.type(keep, "0");
    await user.tab();
    expect(await screen.findByText("Enter a whole number between 1 and 365.")).toBeInTheDocument();
    expect(mocks.setSettings).not.toHaveBeenCalled();
  });
});

describe("restore", () => {
  it("asks for confirmation, says a safety backup comes first, then restores and reloads", async () => {
    const user = await renderBackups();
    await user.click(screen.getAllByTestId("backup-restore")[1]);
    const modal = await screen.findByTestId("restore-modal");
    // The root mounts before its content (Mantine's transition): wait for the dialog.
    await within(modal).findByRole("dialog");
    expect(within(modal).getByTestId("restore-file")).toHaveTextContent(backups[1].file_name);
    expect(within(modal).getByTestId("restore-safety-note")).toHaveTextContent("Your current data is backed up first");
    // nothing happens before the confirmation
    expect(own.restoreBackup).not.toHaveBeenCalled();
    await user.click(within(modal).getByTestId("restore-confirm"));
    expect(own.restoreBackup).toHaveBeenCalledWith(backups[1].path);
    const report = await screen.findByTestId("restore-report");
    expect(report).toHaveTextContent("Restored: 412 activities.");
    expect(screen.getByTestId("restore-safety-backup")).toHaveTextContent(restoreReport.safety_backup.file_name);
    expect(reload).not.toHaveBeenCalled();
    await user.click(screen.getByTestId("restore-reload"));
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it("reloads when the report is closed too: the data on screen is stale", async () => {
    const user = await renderBackups();
    await user.click(screen.getAllByTestId("backup-restore")[0]);
    await user.click(await screen.findByTestId("restore-confirm"));
    await screen.findByTestId("restore-report");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
  });

  it("cancelling the confirmation restores nothing", async () => {
    const user = await renderBackups();
    await user.click(screen.getAllByTestId("backup-restore")[0]);
    await user.click(await screen.findByTestId("restore-cancel"));
    await waitFor(() => expect(screen.queryByTestId("restore-confirm")).not.toBeInTheDocument());
    expect(own.restoreBackup).not.toHaveBeenCalled();
  });

  it("restores from a file the athlete picks; a cancelled picker opens nothing", async () => {
    own.chooseBackupFile.mockResolvedValueOnce({ status: "ok", data: null });
    const user = await renderBackups();
    await user.click(screen.getByTestId("restore-from-file"));
    await waitFor(() => expect(own.chooseBackupFile).toHaveBeenCalledTimes(1));
    expect(screen.queryByTestId("restore-confirm")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("restore-from-file"));
    expect(await screen.findByTestId("restore-file")).toHaveTextContent("tempo-old.tempo-backup");
    await user.click(screen.getByTestId("restore-confirm"));
    expect(own.restoreBackup).toHaveBeenCalledWith("/media/usb/tempo-old.tempo-backup");
    expect(await screen.findByTestId("restore-report")).toBeInTheDocument();
  });

  it.each([
    ["invalid_input", "It is not a Tempo backup"],
    ["database_corrupt", "The file is damaged."],
    ["database_too_new", "newer version of Tempo"],
  ] as const)("says a file with %s can't be restored and changed nothing", async (code, why) => {
    own.restoreBackup.mockResolvedValueOnce({ status: "error", error: { code, message: `backend says ${code}`, field: null } });
    const user = await renderBackups();
    await user.click(screen.getAllByTestId("backup-restore")[0]);
    await user.click(await screen.findByTestId("restore-confirm"));
    const error = await screen.findByTestId("restore-error");
    expect(error).toHaveAttribute("data-code", code);
    expect(error).toHaveTextContent("This file can't be restored");
    expect(error).toHaveTextContent(why);
    expect(screen.getByTestId("restore-error-message")).toHaveTextContent(`backend says ${code}`);
    expect(error).toHaveTextContent("Nothing was changed");
    // retrying the same file would not help
    expect(screen.queryByTestId("restore-confirm")).not.toBeInTheDocument();
    expect(screen.getByTestId("restore-cancel")).toHaveTextContent("Close");
    expect(reload).not.toHaveBeenCalled();
  });

  it("lets the athlete retry after another failure", async () => {
    own.restoreBackup.mockResolvedValueOnce({ status: "error", error: { code: "storage", message: "disk is full", field: null } });
    const user = await renderBackups();
    await user.click(screen.getAllByTestId("backup-restore")[0]);
    await user.click(await screen.findByTestId("restore-confirm"));
    const error = await screen.findByTestId("restore-error");
    expect(error).toHaveTextContent("The restore failed");
    expect(error).toHaveTextContent("disk is full");
    await user.click(screen.getByTestId("restore-confirm"));
    expect(await screen.findByTestId("restore-report")).toBeInTheDocument();
    expect(own.restoreBackup).toHaveBeenCalledTimes(2);
  });
});

describe("data tab", () => {
  it("is a settings tab with the three sections", async () => {
    renderApp(<App />, "/settings/data");
    expect(await screen.findByTestId("backup-section")).toBeInTheDocument();
    expect(screen.getByTestId("export-section")).toBeInTheDocument();
    expect(screen.getByTestId("erase-section")).toBeInTheDocument();
    expect(screen.getByTestId("settings-tab-data")).toHaveTextContent("Data");
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr" }) });
    renderApp(<App />, "/settings/data");
    await waitFor(() => expect(screen.getByTestId("settings-tab-data")).toHaveTextContent("Données"));
    expect(await screen.findByTestId("backup-now")).toHaveTextContent("Sauvegarder maintenant");
    expect(screen.getByTestId("restore-from-file")).toHaveTextContent("Restaurer depuis un fichier…");
    const rows = await screen.findAllByTestId("backup-row");
    expect(within(rows[2]).getByTestId("backup-kind")).toHaveTextContent("Avant restauration");
    expect(rows[0]).toHaveTextContent("5 MiB");
    const user = userEvent.setup();
    await user.click(within(rows[0]).getByTestId("backup-restore"));
    expect(await screen.findByTestId("restore-safety-note")).toHaveTextContent("Vos données actuelles sont d'abord sauvegardées");
    expect(screen.getByTestId("export-button")).toHaveTextContent("Exporter…");
    expect(screen.getByTestId("erase-everything")).toHaveTextContent("Tout effacer…");
  });
});
