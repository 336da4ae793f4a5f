// Tauri runs this UI with `freezePrototype: true` (Object.prototype is frozen before
// any app code runs). Check that the app still renders and saves a profile then.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { App } from "./App";
import { mockActivityCommands, mockKbCommands, resetCommandMocks } from "./test/mockBindings";
import { renderApp } from "./test/render";

vi.mock("./bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("./bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

beforeAll(() => {
  Object.freeze(Object.prototype);
});

describe("with a frozen Object.prototype", () => {
  it("is really frozen here", () => {
    expect(Object.isFrozen(Object.prototype)).toBe(true);
    const o: { toString?: () => string } = {};
    expect(() => {
      o.toString = () => "x"; // the "override mistake": throws in strict mode
    }).toThrow(TypeError);
  });

  it("renders the dashboard, settings and saves the profile", async () => {
    const mocks = resetCommandMocks();
    renderApp(<App />, "/settings/profile");
    const user = userEvent.setup();
    await screen.findByTestId("profile-form");
    const input = screen.getByTestId("profile-ftp");
    await user.clear(input);
    await user.type(input, "1000");
    await user.click(screen.getByTestId("profile-save"));
    expect(await screen.findByTestId("profile-error-ftp")).toBeInTheDocument();
    await user.clear(input);
    await user.type(input, "260");
    await user.click(screen.getByTestId("profile-save"));
    await waitFor(() => expect(mocks.updateProfile).toHaveBeenCalledTimes(1));
    await user.click(screen.getByTestId("nav-dashboard"));
    expect(await screen.findByTestId("dashboard-greeting")).toBeInTheDocument();
    await user.click(screen.getByTestId("nav-settings"));
    await user.click(await screen.findByTestId("settings-tab-about"));
    expect(await screen.findByTestId("diag-app-version")).toHaveTextContent("0.1.0");
  });

  it("searches the knowledge base and renders a markdown page with a table", async () => {
    resetCommandMocks();
    mockKbCommands();
    renderApp(<App />, "/knowledge");
    const user = userEvent.setup();
    await user.type(await screen.findByTestId("kb-search-input"), "zones{Enter}");
    await user.click((await screen.findAllByTestId("kb-result"))[0]);
    expect(await screen.findByTestId("kb-page-title")).toBeInTheDocument();
    expect(screen.getByRole("table")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Common mistakes" })).toBeInTheDocument();
  });

  it("lists activities, sorts them and opens one with its map and charts", async () => {
    resetCommandMocks();
    mockActivityCommands();
    renderApp(<App />, "/activities");
    const user = userEvent.setup();
    expect(await screen.findAllByTestId("activity-row")).toHaveLength(3);
    await user.click(screen.getByTestId("sort-distance"));
    await user.click(screen.getAllByTestId("activity-row")[1]);
    expect(await screen.findByTestId("activity-detail")).toBeInTheDocument();
    expect(await screen.findByTestId("activity-map")).toBeInTheDocument();
    expect(screen.getByTestId("activity-chart-heart_rate")).toBeInTheDocument();
    expect(screen.getByTestId("disagreements")).toBeInTheDocument();
  });

  it("shows the plan, opens a session and walks the goal wizard", async () => {
    const mocks = resetCommandMocks();
    renderApp(<App />, "/plan");
    const user = userEvent.setup();
    expect(await screen.findByTestId("plan-view")).toBeInTheDocument();
    await user.click(screen.getAllByTestId("planned-workout")[1]);
    expect(await screen.findByTestId("workout-steps-chart")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    await user.click(screen.getByTestId("new-goal"));
    await user.click(await screen.findByTestId("wizard-next"));
    expect(await screen.findByTestId("goal-error-kind")).toBeInTheDocument();
    await user.click(screen.getByTestId("goal-kind-ten_k"));
    await user.click(screen.getByTestId("wizard-next"));
    expect(await screen.findByTestId("goal-race-date")).toBeInTheDocument();
    expect(mocks.checkGoal).not.toHaveBeenCalled();
  });
});
