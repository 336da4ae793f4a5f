import { Anchor, Card, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconRun } from "@tabler/icons-react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { TrainingStatus } from "../../lib/api";
import { fmtNum, formatDistance, formatHours } from "../../lib/activities/format";
import { useSettings } from "../../lib/settings";
import { finite } from "../../lib/trends";
import { CardTitle, DASH, DashboardError, EmptyState, Figure, Loading, type LoadHelp, useLoadHelp } from "./parts";
import { useBackend } from "./useBackend";

/** Where an acute:chronic ratio stands: the 0.8–1.3 sweet spot, a caution band, or above 1.5. */
export function acwrZone(v: number): "low" | "sweet" | "caution" | "high" {
  if (v > 1.5) return "high";
  if (v > 1.3) return "caution";
  if (v < 0.8) return "low";
  return "sweet";
}

const ACWR_COLORS = { low: "yellow.7", sweet: "teal.7", caution: "orange.7", high: "red.7" } as const;

/** "This week": today's fitness, fatigue and form, ramp, ACWR, monotony, strain and the last 7 days. */
export function TrainingStatusCard() {
  const { t } = useTranslation();
  const s = useBackend(() => commands.trainingStatus(), "status");
  const help = useLoadHelp();
  const d = s.data;
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="training-status" h="100%">
      <CardTitle icon={IconRun} title={t("dashboard.status.title")}>
        {d && (
          <Text size="xs" c="dimmed">
            {t("dashboard.status.asOf", { date: d.date })}
          </Text>
        )}
      </CardTitle>
      {s.error ? (
        <DashboardError error={s.error} testId="training-status-error" />
      ) : !d ? (
        <Loading testId="training-status-loading" />
      ) : isEmpty(d) ? (
        <EmptyState testId="training-status-empty" text={t("dashboard.status.empty")} />
      ) : (
        <StatusBody d={d} help={help} />
      )}
    </Card>
  );
}

/** Nothing to say: no activity in the last 7 days and no load at all. */
function isEmpty(d: TrainingStatus): boolean {
  const zero = (v: number | null) => !finite(v) || Math.abs(v) < 0.05;
  return d.last_7_days.activities === 0 && zero(d.ctl) && zero(d.atl);
}

function StatusBody({ d, help }: { d: TrainingStatus; help: LoadHelp }) {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const l = i18n.language;
  const n = (v: number | null | undefined, digits = 0, signed = false) => {
    if (!finite(v)) return DASH;
    const r = Number(v.toFixed(digits)) + 0; // + 0: no "-0"
    return `${signed && r > 0 ? "+" : ""}${fmtNum(r, l, digits)}`;
  };
  const two = (v: number | null | undefined) =>
    finite(v) ? new Intl.NumberFormat(l, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v) : DASH;
  const acwr = finite(d.acwr) ? d.acwr : null;
  const zone = acwr === null ? null : acwrZone(acwr);
  const week = d.last_7_days;
  const noLoad = week.activities > 0 && !(finite(week.load) && week.load > 0);
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm">
        <Figure testId="status-ctl" label={t("dashboard.fitness.ctl")} hint={help.ctl} value={n(d.ctl)} />
        <Figure testId="status-atl" label={t("dashboard.fitness.atl")} hint={help.atl} value={n(d.atl)} />
        <Figure testId="status-tsb" label={t("dashboard.fitness.tsb")} hint={t("dashboard.fitness.help.tsb")} value={n(d.tsb, 0, true)} />
        <Figure
          testId="status-ramp"
          label={t("dashboard.status.ramp")}
          hint={t("dashboard.status.help.ramp")}
          value={finite(d.ramp_7d) ? t("dashboard.status.perWeek", { value: n(d.ramp_7d, 1, true) }) : DASH}
        />
        <Figure
          testId="status-acwr"
          label={t("dashboard.status.acwr")}
          hint={t("dashboard.status.help.acwr")}
          value={two(acwr)}
          color={zone ? ACWR_COLORS[zone] : undefined}
          sub={
            <span data-testid="status-acwr-zone" data-zone={zone ?? "none"}>
              {zone ? t(`dashboard.status.acwrZone.${zone}`) : t("dashboard.status.acwrNone")}
            </span>
          }
        />
        <Figure
          testId="status-monotony"
          label={t("dashboard.status.monotony")}
          hint={t("dashboard.status.help.monotony")}
          value={two(d.monotony)}
          sub={t("dashboard.status.strain", { value: n(d.strain) })}
        />
      </SimpleGrid>
      <Stack gap={4} data-testid="status-week">
        <Text size="xs" c="dimmed" fw={600} tt="uppercase">
          {t("dashboard.status.last7")}
        </Text>
        <Group gap="lg" style={{ fontVariantNumeric: "tabular-nums" }}>
          <Week testId="status-week-count" label={t("dashboard.status.activities")} value={fmtNum(week.activities, l, 0)} />
          <Week testId="status-week-time" label={t("dashboard.status.time")} value={finite(week.moving_s) ? formatHours(week.moving_s, l) : DASH} />
          <Week
            testId="status-week-distance"
            label={t("dashboard.status.distance")}
            value={finite(week.distance_m) ? formatDistance(week.distance_m, l, settings.units) : DASH}
          />
          <Week testId="status-week-load" label={t("dashboard.status.load")} value={n(week.load)} />
        </Group>
        {noLoad && (
          <Text size="xs" c="dimmed" data-testid="status-no-load">
            {t("dashboard.status.noLoad")}{" "}
            <Anchor component={Link} to="/settings/profile" size="xs">
              {t("dashboard.fitness.setThresholds")}
            </Anchor>
          </Text>
        )}
      </Stack>
    </Stack>
  );
}

function Week({ testId, label, value }: { testId: string; label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}
