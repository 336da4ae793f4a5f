import { Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Tooltip } from "@mantine/core";
import {
  IconAlertTriangle,
  IconBolt,
  IconClock,
  IconFlame,
  IconGauge,
  IconHeartbeat,
  IconMountain,
  IconRotate,
  IconRoute,
  IconStopwatch,
} from "@tabler/icons-react";
import type { ComponentType } from "react";
import { useTranslation } from "react-i18next";
import type { Units } from "../../../bindings";
import type { ActivityDetail, Disagreement } from "../../../lib/api";
import { formatField, shownTotals, type TotalsField } from "../../../lib/activities/figures";
import { speedKind } from "../../../lib/activities/format";

type Stat = {
  key: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  color: string;
  /** The main figure first, then the secondary ones; the first present is the main one. */
  fields: { field: TotalsField; sub: string }[];
};

const STATS: Stat[] = [
  { key: "distance", icon: IconRoute, color: "teal", fields: [{ field: "distance_m", sub: "total" }] },
  {
    key: "moving",
    icon: IconStopwatch,
    color: "cyan",
    fields: [
      { field: "moving_s", sub: "moving" },
      { field: "timer_s", sub: "timer" },
    ],
  },
  { key: "elapsed", icon: IconClock, color: "gray", fields: [{ field: "elapsed_s", sub: "elapsed" }] },
  {
    key: "speed",
    icon: IconGauge,
    color: "blue",
    fields: [
      { field: "avg_speed_mps", sub: "avg" },
      { field: "max_speed_mps", sub: "max" },
    ],
  },
  {
    key: "hr",
    icon: IconHeartbeat,
    color: "red",
    fields: [
      { field: "avg_hr", sub: "avg" },
      { field: "max_hr", sub: "max" },
    ],
  },
  {
    key: "elevation",
    icon: IconMountain,
    color: "lime",
    fields: [
      { field: "ascent_m", sub: "ascent" },
      { field: "descent_m", sub: "descent" },
    ],
  },
  {
    key: "power",
    icon: IconBolt,
    color: "violet",
    fields: [
      { field: "avg_power_w", sub: "avg" },
      { field: "max_power_w", sub: "max" },
    ],
  },
  {
    key: "cadence",
    icon: IconRotate,
    color: "indigo",
    fields: [
      { field: "avg_cadence", sub: "avg" },
      { field: "max_cadence", sub: "max" },
    ],
  },
  { key: "calories", icon: IconFlame, color: "orange", fields: [{ field: "calories_kcal", sub: "total" }] },
];

export function StatCards({ detail, units }: { detail: ActivityDetail; units: Units }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const sport = detail.summary.sport;
  const shown = shownTotals(detail.device_totals, detail.computed_totals);
  const disagreement = new Map<string, Disagreement>(detail.disagreements.map((d) => [d.field, d]));
  const fmt = (f: string, v: number | null) => formatField(f, v, sport, locale, units);
  const pace = speedKind(sport) !== "speed";

  const cards = STATS.flatMap((stat) => {
    const present = stat.fields.filter(({ field }) => shown[field] !== null && shown[field] !== undefined);
    if (present.length === 0) return [];
    const [main, ...rest] = present;
    return [{ stat, main, rest }];
  });

  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" data-testid="activity-stats">
      {cards.map(({ stat, main, rest }) => {
        const Icon = stat.icon;
        const title = stat.key === "speed" ? t(pace ? "activities.stats.pace" : "activities.stats.speed") : t(`activities.stats.${stat.key}`);
        const d = disagreement.get(main.field);
        return (
          <Card key={stat.key} withBorder radius="md" padding="sm" data-testid={`stat-${stat.key}`} data-disagree={d ? "true" : undefined}>
            <Group gap={8} mb={6} wrap="nowrap">
              <ThemeIcon size={26} radius="md" variant="light" color={stat.color}>
                <Icon size={16} stroke={1.8} />
              </ThemeIcon>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600} truncate>
                {title}
              </Text>
            </Group>
            {d ? (
              <Both device={fmt(main.field, d.device)} computed={fmt(main.field, d.computed)} />
            ) : (
              <Text fw={700} size="lg" style={{ fontVariantNumeric: "tabular-nums" }} data-testid={`stat-${stat.key}-value`}>
                {fmt(main.field, shown[main.field] ?? null)}
              </Text>
            )}
            {rest.map(({ field, sub }) => {
              const rd = disagreement.get(field);
              return (
                <Text key={field} size="xs" c="dimmed" style={{ fontVariantNumeric: "tabular-nums" }}>
                  {t(`activities.stats.sub.${sub}`)}{" "}
                  {rd ? (
                    <Tooltip label={t("activities.disagreements.short")}>
                      <span>
                        <IconAlertTriangle size={11} color="var(--mantine-color-orange-6)" /> {fmt(field, rd.device)} / {fmt(field, rd.computed)}
                      </span>
                    </Tooltip>
                  ) : (
                    fmt(field, shown[field] ?? null)
                  )}
                </Text>
              );
            })}
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

/** Two figures for one quantity, neither preferred. */
function Both({ device, computed }: { device: string; computed: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      <Group gap={6} wrap="nowrap">
        <IconAlertTriangle size={14} color="var(--mantine-color-orange-6)" />
        <Text size="sm" fw={700}>
          {device}
        </Text>
        <Text size="xs" c="dimmed">
          {t("activities.disagreements.device")}
        </Text>
      </Group>
      <Group gap={6} wrap="nowrap" pl={20}>
        <Text size="sm" fw={700}>
          {computed}
        </Text>
        <Text size="xs" c="dimmed">
          {t("activities.disagreements.computed")}
        </Text>
      </Group>
    </Stack>
  );
}
