import { useCallback, useEffect, useState } from "react";
import { commands } from "../bindings";
import type { ApiError, ApiResult, HistoryEntry, LoadModel, Profile } from "./api";

type State<T> = { data: T | null; error: ApiError | null; loading: boolean };

function toAppError(e: unknown): ApiError {
  return { code: "internal", message: e instanceof Error ? e.message : String(e), field: null };
}

/** Loads a backend value once and exposes a reload function. */
export function useCommand<T>(
  call: () => Promise<ApiResult<T>>,
) {
  const [state, setState] = useState<State<T>>({ data: null, error: null, loading: true });
  const reload = useCallback(async () => {
    setState((s) => ({ ...s, loading: true }));
    try {
      const res = await call();
      if (res.status === "ok") setState({ data: res.data, error: null, loading: false });
      else setState({ data: null, error: res.error, loading: false });
    } catch (e) {
      setState({ data: null, error: toAppError(e), loading: false });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { ...state, reload, setData: (data: T) => setState({ data, error: null, loading: false }) };
}

export const useProfile = () => useCommand<Profile>(() => commands.getProfile());
export const useProfileHistory = () => useCommand<HistoryEntry[]>(() => commands.profileHistory());
export const useLoadModel = () => useCommand<LoadModel>(() => commands.getLoadModel());
