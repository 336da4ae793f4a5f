import { useEffect, useState } from "react";
import { acts } from "../../lib/activities/api";
import { useSettings } from "../../lib/settings";

/**
 * Whether the index should greet a first run: "welcome" only when onboarding was
 * never finished AND there is no activity, so an install that already holds data
 * (from before onboarding existed) is never sent there. "pending" while unsure.
 * Kept by the caller for the session: the activity list is asked for once.
 */
export function useFirstRun(enabled = true): "pending" | "welcome" | "app" {
  const { settings, loaded } = useSettings();
  const [hasData, setHasData] = useState<boolean | null>(null);
  const needsCheck = enabled && loaded && !settings.onboarded && hasData === null;

  useEffect(() => {
    if (!needsCheck) return;
    let alive = true;
    acts
      .listActivities(null)
      .then((res) => {
        if (!alive) return;
        // An error says nothing about the data: show the app rather than a welcome it may not need.
        setHasData(res.status !== "ok" || res.data.activities.length > 0 || res.data.totals.count > 0);
      })
      .catch(() => alive && setHasData(true));
    return () => {
      alive = false;
    };
  }, [needsCheck]);

  if (!loaded) return "pending";
  if (settings.onboarded) return "app";
  if (hasData === null) return "pending";
  return hasData ? "app" : "welcome";
}
