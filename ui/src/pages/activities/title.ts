import { useCallback } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { ActivitySummary } from "../../lib/api";
import { formatStartDay } from "../../lib/activities/format";

/** The activity's name, else "Running — March 1, 2026". */
export function activityTitle(a: Pick<ActivitySummary, "name" | "sport" | "start" | "utc_offset_s">, t: TFunction, locale: string): string {
  const name = a.name?.trim();
  if (name) return name;
  return t("activities.untitled", {
    sport: t(`activities.sport.${a.sport}`, { defaultValue: a.sport }),
    date: formatStartDay(a.start, a.utc_offset_s, locale),
  });
}

export function useActivityTitle() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return useCallback((a: ActivitySummary) => activityTitle(a, t, locale), [t, locale]);
}
