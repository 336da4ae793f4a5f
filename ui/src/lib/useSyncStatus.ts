import { useCallback, useEffect, useRef, useState } from "react";
import { commands } from "../bindings";
import { run } from "./ownData";
import { SYNC_CHANGED_EVENT, type SyncStatus } from "./sync";

/** How often the sync state is asked for while something shows it. */
export const SYNC_STATUS_POLL_MS = 5000;

/**
 * The sync state for the app frame: read on mount, every five seconds, and at
 * once when the Accounts tab says it changed. A failed read keeps the last
 * known state (a hiccup must not make the indicator blink away).
 */
export function useSyncStatus() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const alive = useRef(true);

  const load = useCallback(async () => {
    const res = await run(() => commands.syncStatus());
    if (alive.current && res.status === "ok") setStatus(res.data);
  }, []);

  useEffect(() => {
    alive.current = true;
    void load();
    const timer = window.setInterval(() => void load(), SYNC_STATUS_POLL_MS);
    const onChanged = () => void load();
    window.addEventListener(SYNC_CHANGED_EVENT, onChanged);
    return () => {
      alive.current = false;
      window.clearInterval(timer);
      window.removeEventListener(SYNC_CHANGED_EVENT, onChanged);
    };
  }, [load]);

  return { status, reload: load };
}
