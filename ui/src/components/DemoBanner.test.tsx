import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { page } from "../lib/reload";
import { settingsWith } from "../test/fixtures";
import { setupCommandMocks } from "../test/mockBindings";
import { renderApp } from "../test/render";
import { DemoBanner } from "./DemoBanner";

vi.mock("../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();
const reload = vi.spyOn(page, "reload").mockImplementation(() => {});
beforeEach(() => reload.mockClear());

describe("demo banner", () => {
  it("renders nothing outside the demo", async () => {
    renderApp(<DemoBanner />);
    await waitFor(() => expect(mocks.getSettings).toHaveBeenCalled());
    // let the settings arrive, then check
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByTestId("demo-banner")).not.toBeInTheDocument();
  });

  it("says the athlete's own data is untouched, and removes the demo", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ demo: true }) });
    renderApp(<DemoBanner />);
    expect(await screen.findByTestId("demo-banner")).toHaveTextContent("You're exploring a demo athlete. Your own data is untouched.");
    await userEvent.setup().click(screen.getByTestId("demo-remove"));
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
    expect(mocks.removeDemo).toHaveBeenCalledWith();
  });

  it("stays, with the reason, when the demo cannot be removed", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ demo: true }) });
    mocks.removeDemo.mockResolvedValue({ status: "error", error: { code: "storage", message: "disk is full", field: null } });
    renderApp(<DemoBanner />);
    await userEvent.setup().click(await screen.findByTestId("demo-remove"));
    expect(await screen.findByText("disk is full")).toBeInTheDocument();
    expect(reload).not.toHaveBeenCalled();
    expect(screen.getByTestId("demo-banner")).toBeInTheDocument();
  });

  it("speaks French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ demo: true, language: "fr" }) });
    renderApp(<DemoBanner />);
    await waitFor(() => expect(screen.getByTestId("demo-banner")).toHaveTextContent("Vous explorez un athlète de démonstration."));
    expect(screen.getByTestId("demo-remove")).toHaveTextContent("Quitter la démo");
  });
});
