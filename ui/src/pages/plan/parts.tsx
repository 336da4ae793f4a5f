// Pieces the plan page and the goal wizard share: goal warnings translated by
// code, a backend call that reports its failure, and the goal described in words.
import { Alert, List, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { ApiResult, GoalIn, GoalOut, GoalWarning } from "../../lib/api";
import { toApiError } from "../../lib/activities/useImport";
import { fmtNum } from "../../lib/activities/format";
import { formatClock } from "../../lib/vdot";

export const WARNING_CODES = ["target_beyond_vdot", "too_few_weeks", "volume_jump", "long_run_cap", "few_days", "no_vdot"];

/** A warning's sentence in the UI language (by its stable code). */
export function warningText(code: string, t: TFunction): string {
  return WARNING_CODES.includes(code) ? t(`plan.warning.${code}`) : t("plan.warning.other");
}

/**
 * Goal warnings: a translated sentence per code, with the backend's English
 * detail and suggestion beneath.
 */
export function WarningList({ warnings, testId, itemTestId }: { warnings: GoalWarning[]; testId: string; itemTestId: string }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} title={t("plan.warning.title")} data-testid={testId}>
      <List spacing="xs" size="sm">
        {warnings.map((w, i) => (
          <List.Item key={`${w.code}-${i}`} data-testid={itemTestId} data-code={w.code}>
            <Stack gap={2}>
              <Text size="sm" fw={600}>
                {warningText(w.code, t)}
              </Text>
              <Text size="xs" c="dimmed" lang="en">
                {w.message}
              </Text>
              {w.suggestion && (
                <Text size="xs">
                  <Text span size="xs" fw={600}>
                    {t("plan.warning.suggestion")}
                  </Text>{" "}
                  <span lang="en">{w.suggestion}</span>
                </Text>
              )}
            </Stack>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}

/**
 * Runs a backend command; a refusal or a failure shows as a red notification
 * titled `failTitle`. Returns the data, or undefined when it failed.
 */
export async function callOrNotify<T>(call: () => Promise<ApiResult<T>>, failTitle: string): Promise<{ data: T } | undefined> {
  try {
    const res = await call();
    if (res.status === "ok") return { data: res.data };
    notifications.show({ color: "red", title: failTitle, message: res.error.message });
  } catch (e) {
    notifications.show({ color: "red", title: failTitle, message: toApiError(e).message });
  }
  return undefined;
}

/** The goal's race in words: "Half marathon", "Trail 42 km (+2,000 m)". */
export function goalKindText(goal: GoalIn | GoalOut, t: TFunction, locale: string): string {
  const k = goal.kind;
  if (k.type === "trail")
    return t("plan.kindTrail", { km: fmtNum(k.distance_km ?? 0, locale, 1), elevation: fmtNum(k.elevation_m ?? 0, locale, 0) });
  return t(`plan.kind.${k.type}`);
}

/** The target in words: "1:45:00" or "Just finish" (null for base building). */
export function goalTargetText(goal: GoalIn | GoalOut, t: TFunction): string | null {
  if (goal.kind.type === "base_building") return null;
  return goal.target_time_s != null ? formatClock(goal.target_time_s) : t("plan.justFinish");
}
