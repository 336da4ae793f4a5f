import { useCallback, useEffect, useState } from "react";
import { commands } from "../bindings";
import type { ApiError } from "./api";
import type { CoachConfig } from "./coach";
import { run } from "./ownData";

/** The coach's configuration, loaded once per mount; `set` after a save. */
export function useCoachConfig() {
  const [config, setConfig] = useState<CoachConfig | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);

  const reload = useCallback(async () => {
    setLoading(true);
    const res = await run(() => commands.coachConfig());
    setLoading(false);
    if (res.status === "ok") {
      setConfig(res.data);
      setError(null);
    } else setError(res.error);
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { config, error, loading, reload, set: setConfig };
}
