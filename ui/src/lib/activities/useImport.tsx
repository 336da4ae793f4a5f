// The import of activity files: one at a time for the whole window, started from the
// pickers or by dropping files anywhere, with progress from a Tauri channel.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Channel } from "@tauri-apps/api/core";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { notifications } from "@mantine/notifications";
import i18n from "../../i18n";
import type { ApiError, ImportProgress, ImportSummary, PickKind } from "../api";
import { acts } from "./api";

export type ImportState =
  | { kind: "idle" }
  | { kind: "running"; progress: ImportProgress | null; cancelling: boolean }
  | { kind: "done"; summary: ImportSummary }
  | { kind: "error"; error: ApiError };

type ImportContextValue = {
  state: ImportState;
  /** Bumped whenever an import may have stored activities: lists reload on it. */
  version: number;
  /** Opens the system picker, then imports what was chosen. */
  pick: (kind: PickKind) => Promise<void>;
  start: (paths: string[]) => Promise<void>;
  cancel: () => Promise<void>;
  /** Hides a finished import's summary or error. */
  dismiss: () => void;
};

const ImportContext = createContext<ImportContextValue | null>(null);

export function toApiError(e: unknown): ApiError {
  return { code: "internal", message: e instanceof Error ? e.message : String(e), field: null };
}

/** Whether the backend refused because another import is running. */
export function isBusy(error: Pick<ApiError, "code">): boolean {
  return (error.code as string) === "busy";
}

function notifyBusy() {
  notifications.show({
    color: "yellow",
    title: i18n.t("activities.import.busyTitle"),
    message: i18n.t("activities.import.busy"),
  });
}

export function ImportProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<ImportState>({ kind: "idle" });
  const [version, setVersion] = useState(0);
  const running = useRef(false);

  const start = useCallback(async (paths: string[]) => {
    if (paths.length === 0) return;
    if (running.current) {
      notifyBusy();
      return;
    }
    running.current = true;
    setState({ kind: "running", progress: null, cancelling: false });
    try {
      const channel = new Channel<ImportProgress>();
      channel.onmessage = (progress) =>
        setState((s) => (s.kind === "running" ? { ...s, progress } : s));
      const res = await acts.importActivities(paths, channel);
      if (res.status === "ok") setState({ kind: "done", summary: res.data });
      else setState({ kind: "error", error: res.error });
    } catch (e) {
      setState({ kind: "error", error: toApiError(e) });
    } finally {
      running.current = false;
      setVersion((v) => v + 1);
    }
  }, []);

  const pick = useCallback(
    async (kind: PickKind) => {
      if (running.current) {
        notifyBusy();
        return;
      }
      try {
        const res = await acts.chooseImportPaths(kind);
        if (res.status === "ok") await start(res.data);
        else setState({ kind: "error", error: res.error });
      } catch (e) {
        setState({ kind: "error", error: toApiError(e) });
      }
    },
    [start],
  );

  const cancel = useCallback(async () => {
    setState((s) => (s.kind === "running" ? { ...s, cancelling: true } : s));
    try {
      await acts.cancelImport();
    } catch {
      /* the import goes on; its end will show */
    }
  }, []);

  const dismiss = useCallback(() => setState((s) => (s.kind === "running" ? s : { kind: "idle" })), []);

  const value = useMemo(() => ({ state, version, pick, start, cancel, dismiss }), [state, version, pick, start, cancel, dismiss]);
  return <ImportContext.Provider value={value}>{children}</ImportContext.Provider>;
}

export function useImport(): ImportContextValue {
  const ctx = useContext(ImportContext);
  if (!ctx) throw new Error("useImport must be used inside <ImportProvider>");
  return ctx;
}

/** The paths of files dropped on the window, and whether files are being dragged over it. */
export function useFileDrop(onDrop: (paths: string[]) => void): boolean {
  const [over, setOver] = useState(false);
  const latest = useRef(onDrop);
  latest.current = onDrop;

  useEffect(() => {
    let unlisten: (() => void) | null = null;
    let disposed = false;
    void (async () => {
      try {
        const u = await getCurrentWebview().onDragDropEvent((event) => {
          const p = event.payload;
          if (p.type === "enter" || p.type === "over") setOver(true);
          else if (p.type === "leave") setOver(false);
          else if (p.type === "drop") {
            setOver(false);
            if (p.paths.length > 0) latest.current(p.paths);
          }
        });
        if (disposed) u();
        else unlisten = u;
      } catch {
        /* not inside the desktop shell: no file drops */
      }
    })();
    return () => {
      disposed = true;
      unlisten?.();
    };
  }, []);

  return over;
}
