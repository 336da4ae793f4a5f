import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { Route, Routes, useLocation } from "react-router";
import { renderApp } from "../test/render";
import { AskCoachButton } from "./AskCoachButton";

function Where() {
  const l = useLocation();
  return <div data-testid="where">{l.pathname + l.search}</div>;
}

describe("AskCoachButton", () => {
  it.each([
    [{ kind: "activity", id: 12 } as const, "/coach?about=activity%3A12"],
    [{ kind: "plan" } as const, "/coach?about=plan"],
    [{ kind: "dashboard" } as const, "/coach?about=dashboard"],
  ])("opens the coach about %o", async (about, href) => {
    renderApp(
      <Routes>
        <Route path="/" element={<AskCoachButton about={about} />} />
        <Route path="/coach" element={<Where />} />
      </Routes>,
    );
    await userEvent.setup().click(screen.getByTestId("ask-coach"));
    expect(await screen.findByTestId("where")).toHaveTextContent(href);
  });
});
