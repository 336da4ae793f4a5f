import { useCallback, useEffect, useState } from "react";
import type { ApiError, ApiResult } from "../../lib/api";
import { toApiError } from "../../lib/activities/useImport";

/** The last answer, and the key of the call that gave it (stale while a new call runs). */
export type Loaded<T> = { data: T | null; error: ApiError | null; loading: boolean; key: string | null };

/**
 * Calls a backend command when `key` changes (a string naming its arguments) and
 * keeps the last answer; `reload` calls it again. An answer that arrives after
 * the key changed is dropped.
 */
export function useBackend<T>(call: () => Promise<ApiResult<T>>, key: string): Loaded<T> & { reload: () => void } {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: true, key: null });
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    Promise.resolve()
      .then(call)
      .then((res) => {
        if (!live) return;
        if (res.status === "ok") setState({ data: res.data, error: null, loading: false, key });
        else setState({ data: null, error: res.error, loading: false, key });
      })
      .catch((e: unknown) => {
        if (live) setState({ data: null, error: toApiError(e), loading: false, key });
      });
    return () => {
      live = false;
    };
    // `call` is a new closure on every render; `key` says when its arguments changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}
