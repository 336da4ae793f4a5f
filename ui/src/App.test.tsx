import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "./i18n";
import { App } from "./App";
import { diagnostics, emptyProfile, settingsWith } from "./test/fixtures";
import { mockActivityCommands, resetCommandMocks } from "./test/mockBindings";
import { renderApp } from "./test/render";
import { diagnosticsReport } from "./pages/settings/AboutTab";

vi.mock("./bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("./bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

let mocks: ReturnType<typeof resetCommandMocks>;

beforeEach(async () => {
  mocks = resetCommandMocks();
  await i18n.changeLanguage("en");
});

describe("startup database check", () => {
  it.each([
    ["database_corrupt", "Your training database is damaged"],
    ["database_unreadable", "Your training database cannot be opened"],
    ["database_too_new", "created by a newer version of Tempo"],
  ] as const)("shows the full-screen error page for %s", async (code, title) => {
    const message = `The file /home/a/tempo.db is unusable (${code}). Move it aside and restart.`;
    mocks.checkDatabase.mockResolvedValue({ status: "error", error: { code, message, field: null } });
    renderApp(<App />);
    expect(await screen.findByTestId("db-error")).toBeInTheDocument();
    expect(screen.getByTestId("db-error-code")).toHaveTextContent(code);
    expect(screen.getByTestId("db-error-title")).toHaveTextContent(title);
    expect(screen.getByTestId("db-error-message")).toHaveTextContent(message);
    // nothing else is shown
    expect(screen.queryByTestId("nav-dashboard")).not.toBeInTheDocument();
    expect(mocks.getProfile).not.toHaveBeenCalled();
  });

  it("does not block the app for a non-database error", async () => {
    mocks.checkDatabase.mockResolvedValue({
      status: "error",
      error: { code: "internal", message: "boom", field: null },
    });
    renderApp(<App />);
    expect(await screen.findByTestId("nav-dashboard")).toBeInTheDocument();
    expect(screen.queryByTestId("db-error")).not.toBeInTheDocument();
  });
});

describe("shell and navigation", () => {
  it("greets the athlete by name and shows the thresholds", async () => {
    renderApp(<App />);
    expect(await screen.findByTestId("dashboard-greeting")).toHaveTextContent("Hello, Camille");
    expect(screen.getByTestId("dashboard-threshold-max_hr")).toHaveTextContent("188 bpm");
    expect(screen.getByTestId("dashboard-threshold-threshold_pace_s_per_km")).toHaveTextContent("4:22 /km");
    expect(screen.getByTestId("dashboard-threshold-vma_kmh")).toHaveTextContent("16.5 km/h");
    expect(screen.queryByTestId("dashboard-setup-profile")).not.toBeInTheDocument();
  });

  it("links to the profile when it is empty", async () => {
    mocks.getProfile.mockResolvedValue({ status: "ok", data: emptyProfile });
    renderApp(<App />);
    expect(await screen.findByTestId("dashboard-greeting")).toHaveTextContent("Welcome to Tempo");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("dashboard-setup-profile"));
    expect(await screen.findByTestId("profile-form")).toBeInTheDocument();
  });

  it("navigates to the activities, the plan and the coach", async () => {
    mockActivityCommands();
    renderApp(<App />);
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("nav-activities"));
    expect(await screen.findByTestId("activities-table")).toBeInTheDocument();
    expect(screen.getByTestId("import-files-button")).toHaveTextContent("Import files…");
    await user.click(screen.getByTestId("nav-plan"));
    expect(await screen.findByTestId("plan-page")).toBeInTheDocument();
    expect(await screen.findByTestId("plan-view")).toBeInTheDocument();
    await user.click(screen.getByTestId("nav-coach"));
    expect(await screen.findByTestId("coach-page")).toBeInTheDocument();
  });

  it("switches the interface to French from the appearance settings", async () => {
    renderApp(<App />, "/settings/appearance");
    const user = userEvent.setup();
    expect(await screen.findByTestId("nav-dashboard")).toHaveTextContent("Dashboard");
    await user.selectOptions(await screen.findByTestId("settings-language"), "fr");
    await waitFor(() => expect(screen.getByTestId("nav-dashboard")).toHaveTextContent("Tableau de bord"));
    expect(screen.getByTestId("nav-settings")).toHaveTextContent("Réglages");
    expect(mocks.setSettings).toHaveBeenCalledWith(settingsWith({ language: "fr" }));
  });

  it("applies the theme from the settings", async () => {
    renderApp(<App />, "/settings/appearance");
    const user = userEvent.setup();
    await waitFor(() =>
      expect(document.documentElement).toHaveAttribute("data-mantine-color-scheme", "light"),
    );
    await user.selectOptions(await screen.findByTestId("settings-theme"), "dark");
    await waitFor(() => expect(document.documentElement).toHaveAttribute("data-mantine-color-scheme", "dark"));
    expect(mocks.setSettings).toHaveBeenLastCalledWith(settingsWith({ theme: "dark" }));
  });

  it("moves between settings tabs", async () => {
    renderApp(<App />, "/settings");
    const user = userEvent.setup();
    expect(await screen.findByTestId("profile-form")).toBeInTheDocument();
    await user.click(screen.getByTestId("settings-tab-about"));
    expect(await screen.findByTestId("diag-database-path")).toHaveTextContent(diagnostics.database_path);
    expect(screen.getByTestId("diag-app-version")).toHaveTextContent("0.1.0");
    expect(screen.getByTestId("diag-database-size")).toHaveTextContent("1.5 MiB");
    expect(screen.getByTestId("diag-settings-path")).toHaveTextContent("/home/camille/.config/tempo/settings.json");
    await user.click(screen.getByTestId("settings-tab-appearance"));
    expect(await screen.findByTestId("settings-language")).toHaveValue("en");
    await user.click(screen.getByTestId("settings-tab-accounts"));
    expect(await screen.findByTestId("sync-interval")).toHaveValue("60");
    expect(await screen.findAllByTestId("account-card")).toHaveLength(3);
  });
});

describe("diagnostics report", () => {
  it("contains every field", () => {
    const text = diagnosticsReport(diagnostics);
    for (const v of [
      diagnostics.app_version,
      diagnostics.os,
      diagnostics.arch,
      diagnostics.sqlite_version,
      diagnostics.database_path,
      diagnostics.log_dir,
      "1.5 MiB",
      "WebKitGTK 2.44",
      "settings.json",
    ])
      expect(text).toContain(v);
  });
});
