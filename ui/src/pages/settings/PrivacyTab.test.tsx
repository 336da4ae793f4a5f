import { notifications } from "@mantine/notifications";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "../../App";
import { settingsWith } from "../../test/fixtures";
import { setupCommandMocks } from "../../test/mockBindings";
import { privacyOverview } from "../../test/ownDataFixtures";
import { ownDataMocks } from "../../test/ownDataMocks";
import { renderApp } from "../../test/render";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();
const own = ownDataMocks();

afterEach(() => {
  notifications.clean();
  notifications.cleanQueue();
});

async function openPrivacy() {
  renderApp(<App />, "/settings/privacy");
  await screen.findByTestId("privacy-stores");
  return userEvent.setup();
}

describe("privacy tab", () => {
  it("shows what is stored where, each explained", async () => {
    await openPrivacy();
    expect(screen.getByTestId("settings-tab-privacy")).toHaveTextContent("Privacy");
    const stores = screen.getAllByTestId("privacy-store");
    expect(stores.map((s) => s.getAttribute("data-what"))).toEqual(privacyOverview.stores.map((s) => s.what));
    expect(stores[0]).toHaveTextContent("Training database");
    expect(stores[0]).toHaveTextContent("Your activities, profile");
    expect(stores[0]).toHaveTextContent("/home/camille/.local/share/tempo/tempo.db");
    expect(stores[6]).toHaveTextContent("System keychain");
    expect(stores[6]).toHaveTextContent("access tokens");
  });

  it("says nothing leaves the computer, and lists the cloud providers with their consent", async () => {
    await openPrivacy();
    expect(screen.getByTestId("privacy-nothing-leaves")).toHaveTextContent(
      "Nothing leaves this computer unless you connect a sync account or choose a cloud provider for the coach.",
    );
    const providers = screen.getAllByTestId("privacy-cloud-provider");
    expect(providers.map((p) => p.getAttribute("data-provider"))).toEqual(["anthropic", "openai"]);
    expect(within(providers[0]).getByTestId("privacy-consent-state")).toHaveTextContent("Allowed");
    expect(within(providers[1]).getByTestId("privacy-consent-state")).toHaveTextContent("Not allowed");
  });

  it("lists the consents with their fields and date, and revokes one", async () => {
    const user = await openPrivacy();
    const consent = screen.getByTestId("privacy-consent");
    expect(consent).toHaveTextContent("Profile, Activity summaries");
    expect(consent).toHaveTextContent("Given on Mar 1, 2026");
    own.privacyOverview.mockResolvedValue({ status: "ok", data: { ...privacyOverview, consents: [] } });
    await user.click(screen.getByTestId("consent-revoke-anthropic"));
    expect(own.revokeConsent).toHaveBeenCalledWith("anthropic");
    expect(await screen.findByTestId("privacy-no-consents")).toBeInTheDocument();
  });

  it("shows the backend's message when revoking fails", async () => {
    own.revokeConsent.mockResolvedValueOnce({ status: "error", error: { code: "storage", message: "database is locked", field: null } });
    const user = await openPrivacy();
    await user.click(screen.getByTestId("consent-revoke-anthropic"));
    expect(await screen.findByText("database is locked")).toBeInTheDocument();
    expect(screen.getByTestId("privacy-consent")).toBeInTheDocument();
  });

  it("opens the consent dialog from a cloud provider and records the choice", async () => {
    const user = await openPrivacy();
    await user.click(screen.getByTestId("consent-review-openai"));
    const dialog = await screen.findByTestId("consent-dialog");
    // The root mounts before its content (Mantine's transition): wait for the dialog.
    await within(dialog).findByRole("dialog");
    await within(dialog).findByTestId("consent-fields");
    await user.click(within(dialog).getByTestId("consent-field-wellness"));
    await user.click(within(dialog).getByTestId("consent-field-thresholds"));
    await user.click(within(dialog).getByTestId("consent-allow"));
    // sent in the backend's order, not the order they were ticked in
    expect(own.grantConsent).toHaveBeenCalledWith("openai", ["thresholds", "wellness"]);
    await waitFor(() => expect(screen.queryByTestId("consent-dialog")).not.toBeInTheDocument());
    await waitFor(() => expect(own.privacyOverview.mock.calls.length).toBeGreaterThanOrEqual(3));
  });

  it("shows the backend's message when the overview cannot be loaded", async () => {
    own.privacyOverview.mockResolvedValue({ status: "error", error: { code: "storage", message: "keychain unavailable", field: null } });
    renderApp(<App />, "/settings/privacy");
    expect(await screen.findByTestId("privacy-load-error")).toHaveTextContent("keychain unavailable");
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr" }) });
    renderApp(<App />, "/settings/privacy");
    await waitFor(() => expect(screen.getByTestId("settings-tab-privacy")).toHaveTextContent("Confidentialité"));
    const stores = await screen.findAllByTestId("privacy-store");
    expect(stores[0]).toHaveTextContent("Base d'entraînement");
    expect(screen.getByTestId("privacy-nothing-leaves")).toHaveTextContent("Rien ne quitte cet ordinateur");
    expect(screen.getByTestId("privacy-consent")).toHaveTextContent("Profil, Résumés des activités");
    expect(screen.getByTestId("privacy-consent")).toHaveTextContent("Donné le 1 mars 2026");
    expect(screen.getByTestId("consent-revoke-anthropic")).toHaveTextContent("Retirer");
    expect(screen.getByTestId("consent-review-openai")).toHaveTextContent("Revoir le consentement");
  });
});
