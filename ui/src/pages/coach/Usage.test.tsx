import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Route, Routes } from "react-router";
import { coachMocks } from "../../test/coachFixtures";
import { setupCommandMocks } from "../../test/mockBindings";
import { renderApp } from "../../test/render";
import { lastPlot } from "../../test/uplotMock";
import { CoachPage } from "./CoachPage";

vi.mock("../../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

setupCommandMocks();
const coach = coachMocks();

describe("coach usage", () => {
  it("shows the totals per provider and model, tokens per day, and switches the period", async () => {
    renderApp(
      <Routes>
        <Route path="/coach" element={<CoachPage />} />
      </Routes>,
      "/coach?view=usage",
    );
    const table = await screen.findByTestId("coach-usage-table");
    const rows = within(table).getAllByTestId("coach-usage-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent(/Anthropic.*claude-3-5-haiku-latest.*3.*4,500.*800.*2 s.*\$0\.009/);
    expect(rows[1]).toHaveTextContent("OpenAI-compatible server");
    expect(rows[1]).toHaveTextContent("5.2 s");
    expect(rows[1]).toHaveTextContent("—");
    expect(coach.coachUsage).toHaveBeenCalledWith(30);

    const plot = await lastPlot();
    expect(plot.data[1]).toEqual([3000, 4000, 1500]);
    expect(plot.data[2]).toEqual([500, 900, 300]);

    const user = userEvent.setup();
    await user.click(screen.getByText("7 days"));
    await waitFor(() => expect(coach.coachUsage).toHaveBeenLastCalledWith(7));
  });
});
