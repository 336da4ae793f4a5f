import { useCallback, useEffect, useRef, useState } from "react";
import { commands } from "../bindings";
import { run, type Inbox } from "./ownData";

/** How often the inbox asks for newly due reminders while the app is open. */
export const INBOX_REFRESH_MS = 5 * 60 * 1000;

const EMPTY: Inbox = { items: [], unread: 0 };

/**
 * The in-app inbox. `sync` first lets the backend create the reminders now due
 * (today's workout, the weekly summary…), then reads the list; it runs on
 * mount, every five minutes, and whenever the caller asks (the popover opening).
 */
export function useInbox() {
  const [inbox, setInbox] = useState<Inbox>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);

  const load = useCallback(async () => {
    const res = await run(() => commands.reminders());
    if (!alive.current) return;
    if (res.status === "ok") {
      setInbox(res.data);
      setError(null);
    } else {
      setError(res.error.message);
    }
  }, []);

  const sync = useCallback(async () => {
    // A failure to create new reminders must not hide the ones already there.
    await run(() => commands.refreshReminders());
    await load();
  }, [load]);

  useEffect(() => {
    alive.current = true;
    void sync();
    const timer = window.setInterval(() => void sync(), INBOX_REFRESH_MS);
    return () => {
      alive.current = false;
      window.clearInterval(timer);
    };
  }, [sync]);

  /** Marks reminders read at once on screen, then for good in the backend. */
  const markRead = useCallback(
    async (ids: number[]) => {
      if (ids.length === 0) return;
      setInbox((box) => {
        const newlyRead = box.items.filter((r) => ids.includes(r.id) && !r.read).length;
        return {
          items: box.items.map((r) => (ids.includes(r.id) ? { ...r, read: true } : r)),
          unread: Math.max(0, box.unread - newlyRead),
        };
      });
      const res = await run(() => commands.markRemindersRead(ids));
      if (res.status === "error" && alive.current) setError(res.error.message);
      await load();
    },
    [load],
  );

  return { inbox, error, sync, markRead };
}
