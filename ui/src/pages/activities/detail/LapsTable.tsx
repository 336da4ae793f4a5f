import { Card, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Units } from "../../../bindings";
import type { Lap } from "../../../lib/api";
import { formatDistance, formatDuration, formatSpeed, speedKind } from "../../../lib/activities/format";
import { formatNumber } from "../../../lib/format";

export function LapsTable({ laps, sport, units }: { laps: Lap[]; sport: string; units: Units }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  if (laps.length === 0) return null;
  const dash = "—";
  const hasPower = laps.some((l) => l.totals.avg_power_w !== null);
  const hasHr = laps.some((l) => l.totals.avg_hr !== null);
  return (
    <Card withBorder radius="lg" padding="md">
      <Text fw={600} mb="xs">
        {t("activities.laps.title", { n: laps.length })}
      </Text>
      <Table.ScrollContainer minWidth={520} type="native">
        <Table striped highlightOnHover fz="sm" verticalSpacing={6} data-testid="laps-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th ta="right">{t("activities.laps.time")}</Table.Th>
              <Table.Th ta="right">{t("activities.laps.distance")}</Table.Th>
              <Table.Th ta="right">{t(speedKind(sport) === "speed" ? "activities.stats.speed" : "activities.stats.pace")}</Table.Th>
              {hasHr && <Table.Th ta="right">{t("activities.laps.hr")}</Table.Th>}
              {hasPower && <Table.Th ta="right">{t("activities.laps.power")}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody style={{ fontVariantNumeric: "tabular-nums" }}>
            {laps.map((l) => {
              const tt = l.totals;
              const time = tt.timer_s ?? tt.moving_s ?? tt.elapsed_s;
              return (
                <Table.Tr key={l.index} data-testid="lap-row">
                  <Table.Td>{l.index + 1}</Table.Td>
                  <Table.Td ta="right">{time !== null ? formatDuration(time) : dash}</Table.Td>
                  <Table.Td ta="right">{tt.distance_m !== null ? formatDistance(tt.distance_m, locale, units) : dash}</Table.Td>
                  <Table.Td ta="right">{tt.avg_speed_mps ? formatSpeed(tt.avg_speed_mps, sport, locale, units) : dash}</Table.Td>
                  {hasHr && <Table.Td ta="right">{tt.avg_hr !== null ? `${formatNumber(tt.avg_hr, locale, 0)} bpm` : dash}</Table.Td>}
                  {hasPower && <Table.Td ta="right">{tt.avg_power_w !== null ? `${formatNumber(tt.avg_power_w, locale, 0)} W` : dash}</Table.Td>}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}
