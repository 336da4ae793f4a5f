// A proposed change to the coming weeks, explained, with the weekly volumes
// before and after; applied only if the athlete accepts it.
import { Alert, Button, Group, Stack, Table, Text } from "@mantine/core";
import { IconAdjustments } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { AdjustmentView, PlanView } from "../../lib/api";
import { fmtNum } from "../../lib/activities/format";
import { KM_PER_MILE } from "../../lib/pace";
import { formatDay } from "../../lib/plan";
import { useSettings } from "../../lib/settings";

export const ADJUSTMENT_REASONS = ["missed_workouts", "fitness_drop", "excessive_fatigue"];

/** The weeks an adjustment changes, with the target volume before and after (all of them when none changes the volume). */
export function changedWeeks(plan: Pick<PlanView, "weeks">, adj: Pick<AdjustmentView, "weeks">) {
  const rows = adj.weeks.map((w) => {
    const before = plan.weeks.find((x) => x.index === w.index);
    return {
      index: w.index,
      start: w.start,
      before: before?.target_km ?? null,
      after: w.target_km,
      recovery: w.recovery,
      sessions: w.workouts.length,
    };
  });
  const changed = rows.filter((r) => r.before === null || r.after === null || Math.abs(r.before - r.after) >= 0.05);
  return changed.length > 0 ? changed : rows;
}

export function AdjustmentCard({
  plan,
  adjustment,
  onDecide,
}: {
  plan: PlanView;
  adjustment: AdjustmentView;
  onDecide: (accept: boolean) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const locale = i18n.language;
  const imperial = settings.units === "imperial";
  const unit = imperial ? "mi" : "km";
  const km = (v: number | null) => (v === null ? "—" : `${fmtNum(imperial ? v / KM_PER_MILE : v, locale, 1)} ${unit}`);
  const [busy, setBusy] = useState<"accept" | "reject" | null>(null);
  const reason = ADJUSTMENT_REASONS.includes(adjustment.reason) ? adjustment.reason : "other";
  const rows = changedWeeks(plan, adjustment);

  const decide = async (accept: boolean) => {
    setBusy(accept ? "accept" : "reject");
    try {
      await onDecide(accept);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Alert
      color="indigo"
      variant="light"
      radius="lg"
      icon={<IconAdjustments size={20} />}
      title={t("plan.adjust.title")}
      data-testid="adjustment-card"
      data-reason={adjustment.reason}
    >
      <Stack gap="sm">
        <Text size="sm" fw={600} data-testid="adjustment-reason">
          {t(`plan.adjust.reason.${reason}`)}
        </Text>
        <Text size="sm" c="dimmed" lang="en">
          {adjustment.explanation}
        </Text>
        <Table withRowBorders={false} verticalSpacing={2} maw={520}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("plan.weeks.week")}</Table.Th>
              <Table.Th>{t("plan.adjust.before")}</Table.Th>
              <Table.Th>{t("plan.adjust.after")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.index} data-testid="adjustment-week" data-index={r.index}>
                <Table.Td>
                  <Text size="sm">
                    {t("plan.weeks.weekN", { n: r.index + 1 })}{" "}
                    <Text span size="xs" c="dimmed">
                      {formatDay(r.start, locale, { day: "numeric", month: "short" })}
                    </Text>
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed" style={{ fontVariantNumeric: "tabular-nums" }}>
                    {km(r.before)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600} style={{ fontVariantNumeric: "tabular-nums" }}>
                    → {km(r.after)}
                    {r.recovery && (
                      <Text span size="xs" c="green" ml={6}>
                        {t("plan.weeks.recovery")}
                      </Text>
                    )}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group gap="sm">
          <Button onClick={() => void decide(true)} loading={busy === "accept"} disabled={busy === "reject"} data-testid="adjustment-accept">
            {t("plan.adjust.accept")}
          </Button>
          <Button variant="default" onClick={() => void decide(false)} loading={busy === "reject"} disabled={busy === "accept"} data-testid="adjustment-reject">
            {t("plan.adjust.reject")}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
