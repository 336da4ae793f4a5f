import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { INBOX_REFRESH_MS } from "../lib/useInbox";
import { settingsWith } from "../test/fixtures";
import { setupCommandMocks } from "../test/mockBindings";
import { inbox, reminders } from "../test/ownDataFixtures";
import { ownDataMocks } from "../test/ownDataMocks";
import { renderApp } from "../test/render";
import { InboxButton } from "./InboxButton";

vi.mock("../bindings", async (importOriginal) => {
  const orig = await importOriginal<typeof import("../bindings")>();
  return { ...orig, commands: Object.fromEntries(Object.keys(orig.commands).map((k) => [k, vi.fn()])) };
});

const mocks = setupCommandMocks();
const own = ownDataMocks();

afterEach(() => {
  vi.useRealTimers();
});

function Where() {
  return <span data-testid="where">{useLocation().pathname}</span>;
}

function renderInbox() {
  renderApp(
    <>
      <InboxButton />
      <Routes>
        <Route path="*" element={<Where />} />
      </Routes>
    </>,
    "/settings/profile",
  );
  return userEvent.setup();
}

async function openInbox(user: ReturnType<typeof userEvent.setup>) {
  await waitFor(() => expect(screen.getByTestId("inbox-badge")).toHaveAttribute("data-unread", "2"));
  await user.click(screen.getByTestId("inbox-button"));
  return screen.findByTestId("inbox-popover");
}

describe("inbox", () => {
  it("creates the due reminders, then reads them, and shows the unread count", async () => {
    renderInbox();
    await waitFor(() => expect(own.reminders).toHaveBeenCalledTimes(1));
    expect(own.refreshReminders).toHaveBeenCalledTimes(1);
    expect(own.refreshReminders.mock.invocationCallOrder[0]).toBeLessThan(own.reminders.mock.invocationCallOrder[0]);
    await waitFor(() => expect(screen.getByTestId("inbox-badge")).toHaveAttribute("data-unread", "2"));
    expect(screen.getByTestId("inbox-button")).toHaveAccessibleName("Notifications: 2 unread");
  });

  it("lists the reminders with their time, unread ones marked, and refreshes when opened", async () => {
    const user = renderInbox();
    const popover = await openInbox(user);
    const items = within(popover).getAllByTestId("inbox-item");
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent(reminders[0].title);
    expect(items[0]).toHaveTextContent(reminders[0].body);
    expect(items.map((i) => i.getAttribute("data-read"))).toEqual(["false", "false", "true"]);
    // TEST_NOW is 10:00 local on 2026-03-15; the last reminder is from the 9th
    expect(items[2]).toHaveTextContent(/last week|6 days ago/);
    await waitFor(() => expect(own.reminders).toHaveBeenCalledTimes(2));
    expect(own.refreshReminders).toHaveBeenCalledTimes(2);
  });

  it("marks a reminder read and follows its link", async () => {
    const user = renderInbox();
    const popover = await openInbox(user);
    own.reminders.mockResolvedValue({
      status: "ok",
      data: { items: reminders.map((r) => (r.id === 3 ? { ...r, read: true } : r)), unread: 1 },
    });
    await user.click(within(popover).getAllByTestId("inbox-item")[0]);
    expect(own.markRemindersRead).toHaveBeenCalledWith([3]);
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent("/plan"));
    await waitFor(() => expect(screen.getByTestId("inbox-badge")).toHaveAttribute("data-unread", "1"));
  });

  it("marks a reminder without a link read and stays put", async () => {
    const user = renderInbox();
    const popover = await openInbox(user);
    // the backend holds its answer: what shows is the inbox's own update
    own.reminders.mockReturnValue(new Promise(() => {}));
    await user.click(within(popover).getAllByTestId("inbox-item")[1]);
    expect(own.markRemindersRead).toHaveBeenCalledWith([2]);
    expect(screen.getByTestId("where")).toHaveTextContent("/settings/profile");
    expect(within(popover).getAllByTestId("inbox-item")[1]).toHaveAttribute("data-read", "true");
    expect(screen.getByTestId("inbox-badge")).toHaveAttribute("data-unread", "1");
  });

  it("does not mark an already read reminder again", async () => {
    const user = renderInbox();
    const popover = await openInbox(user);
    await user.click(within(popover).getAllByTestId("inbox-item")[2]);
    expect(own.markRemindersRead).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.getByTestId("where")).toHaveTextContent(/^\/$/));
  });

  it("marks all read", async () => {
    const user = renderInbox();
    const popover = await openInbox(user);
    own.reminders.mockResolvedValue({ status: "ok", data: { items: reminders.map((r) => ({ ...r, read: true })), unread: 0 } });
    await user.click(within(popover).getByTestId("inbox-mark-all"));
    expect(own.markRemindersRead).toHaveBeenCalledWith([3, 2]);
    await waitFor(() => expect(screen.getByTestId("inbox-badge")).toHaveAttribute("data-unread", "0"));
    expect(within(popover).getAllByTestId("inbox-item").map((i) => i.getAttribute("data-read"))).toEqual(["true", "true", "true"]);
    expect(screen.getByTestId("inbox-mark-all")).toBeDisabled();
  });

  it("says when the inbox is empty", async () => {
    own.reminders.mockResolvedValue({ status: "ok", data: { items: [], unread: 0 } });
    const user = renderInbox();
    await waitFor(() => expect(own.reminders).toHaveBeenCalled());
    await user.click(screen.getByTestId("inbox-button"));
    expect(await screen.findByTestId("inbox-empty")).toHaveTextContent("Nothing new.");
    expect(screen.getByTestId("inbox-mark-all")).toBeDisabled();
  });

  it("still reads the inbox when creating reminders fails", async () => {
    own.refreshReminders.mockResolvedValue({ status: "error", error: { code: "internal", message: "no plan", field: null } });
    renderInbox();
    await waitFor(() => expect(screen.getByTestId("inbox-badge")).toHaveAttribute("data-unread", "2"));
  });

  it("refreshes every five minutes", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    renderInbox();
    await waitFor(() => expect(own.reminders).toHaveBeenCalledTimes(1));
    await act(async () => {
      vi.advanceTimersByTime(INBOX_REFRESH_MS);
    });
    await waitFor(() => expect(own.reminders).toHaveBeenCalledTimes(2));
    expect(own.refreshReminders).toHaveBeenCalledTimes(2);
  });

  it("renders in French", async () => {
    mocks.getSettings.mockResolvedValue({ status: "ok", data: settingsWith({ language: "fr" }) });
    own.reminders.mockResolvedValue({ status: "ok", data: { ...inbox, unread: 1 } });
    const user = renderInbox();
    await waitFor(() => expect(screen.getByTestId("inbox-button")).toHaveAccessibleName("Notifications : 1 non lue"));
    await user.click(screen.getByTestId("inbox-button"));
    expect(await screen.findByTestId("inbox-mark-all")).toHaveTextContent("Tout marquer comme lu");
    expect(screen.getAllByTestId("inbox-item")[2]).toHaveTextContent(/la semaine dernière|il y a 6 jours/);
  });
});
