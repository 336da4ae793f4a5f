import { useState } from "react";
import { Card, Group, Progress, SegmentedControl, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconChartPie } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { ZoneDistribution } from "../../lib/api";
import { fmtNum, formatHours } from "../../lib/activities/format";
import { ZONE_COLORS, ZONE_RANGES, type ZoneRange, zoneName, zoneRangeFrom } from "../../lib/trends";
import { CardTitle, DashboardError, EmptyState, Loading } from "./parts";
import { useBackend } from "./useBackend";

/** Time in zones over 28 days, 90 days or this year: one block per zone model the backend returns. */
export function ZoneDistributionCard() {
  const { t } = useTranslation();
  const [range, setRange] = useState<ZoneRange>("28d");
  const from = zoneRangeFrom(range);
  const z = useBackend(() => commands.zoneDistribution(from, null), from);
  const dists = z.key === from ? z.data : null;
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="zone-distribution">
      <CardTitle icon={IconChartPie} title={t("dashboard.zones.title")}>
        <SegmentedControl
          size="xs"
          value={range}
          onChange={(x) => setRange(x as ZoneRange)}
          data={ZONE_RANGES.map((r) => ({ value: r, label: t(`dashboard.zones.range.${r}`) }))}
          data-testid="zone-range"
        />
      </CardTitle>
      {z.error ? (
        <DashboardError error={z.error} testId="zone-error" />
      ) : !dists ? (
        <Loading testId="zone-loading" />
      ) : dists.length === 0 ? (
        <EmptyState testId="zone-empty" text={t("dashboard.zones.empty")} />
      ) : (
        <SimpleGrid cols={1} spacing="sm">
          {dists.map((d) => (
            <ZoneBlock key={`${d.kind}/${d.model}`} d={d} />
          ))}
        </SimpleGrid>
      )}
    </Card>
  );
}

function ZoneBlock({ d }: { d: ZoneDistribution }) {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const total = d.zones.reduce((s, z) => s + z.seconds, 0);
  return (
    <Card withBorder radius="md" padding="sm" data-testid="zone-dist" data-kind={d.kind} data-model={d.model}>
      <Group justify="space-between" mb={8} gap="xs">
        <Text size="sm" fw={600} data-testid="zone-dist-title">
          {t(`dashboard.zones.kind.${d.kind}`, { defaultValue: d.kind })} ·{" "}
          {t(`activities.metrics.zones.model.${d.model}`, { defaultValue: d.model })}
        </Text>
        <Text size="xs" c="dimmed" data-testid="zone-dist-count">
          {t("dashboard.zones.activities", { count: d.activities })} · {formatHours(total, l)}
        </Text>
      </Group>
      {total > 0 && (
        <Progress.Root size="lg" radius="sm" mb="sm" aria-hidden>
          {d.zones.map((z, i) =>
            z.seconds > 0 ? <Progress.Section key={z.name} value={(z.seconds / total) * 100} color={ZONE_COLORS[i % ZONE_COLORS.length]} /> : null,
          )}
        </Progress.Root>
      )}
      <Stack gap={4}>
        {d.zones.map((z, i) => {
          const pct = total > 0 ? (z.seconds / total) * 100 : 0;
          const name = zoneName(z.name, t);
          return (
            <Group key={z.name} gap="sm" wrap="nowrap" data-testid="zone-dist-row" data-zone={z.name} style={{ fontVariantNumeric: "tabular-nums" }}>
              <Text size="sm" fw={600} w={150} truncate="end" title={name} data-testid="zone-dist-name">
                {name}
              </Text>
              <Progress value={pct} color={ZONE_COLORS[i % ZONE_COLORS.length]} size="md" radius="sm" style={{ flex: 1 }} aria-label={name} />
              <Text size="sm" w={72} ta="right" data-testid="zone-dist-time">
                {formatHours(z.seconds, l)}
              </Text>
              <Text size="xs" c="dimmed" w={40} ta="right" data-testid="zone-dist-pct">
                {fmtNum(pct, l, 0)} %
              </Text>
            </Group>
          );
        })}
      </Stack>
    </Card>
  );
}
