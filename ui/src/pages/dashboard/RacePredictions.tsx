import { Anchor, Group, Stack, Table, Text, Tooltip } from "@mantine/core";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { Predictions, TrainingPaces } from "../../lib/api";
import { fmtNum, formatDistance, formatDuration } from "../../lib/activities/format";
import { useSettings } from "../../lib/settings";
import { finite, formatPacePerKm, paceNumber } from "../../lib/trends";
import { DASH } from "./parts";

const PACES = ["easy", "marathon_s_per_km", "threshold_s_per_km", "interval_s_per_km", "repetition_s_per_km"] as const;

/** VDOT and the effort it comes from, race times two ways, and Daniels' training paces. */
export function RacePredictions({ p }: { p: Predictions }) {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const l = i18n.language;
  const effort = p.vdot_effort ?? null;
  const time = (s: number | null | undefined) => (finite(s) ? formatDuration(s) : DASH);
  return (
    <Stack gap="sm" data-testid="predictions">
      <Group gap="sm" align="baseline" wrap="wrap">
        <Tooltip label={t("dashboard.predictions.help.vdot")} multiline maw={320} withArrow openDelay={150}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ cursor: "help", textDecoration: "underline dotted" }} span>
            {t("dashboard.predictions.vdot")}
          </Text>
        </Tooltip>
        <Text fz={28} fw={800} lh={1.1} data-testid="predictions-vdot">
          {finite(p.vdot) ? fmtNum(p.vdot, l, 1) : DASH}
        </Text>
        {effort && finite(effort.distance_m) && finite(effort.time_s) && (
          <Text size="sm" c="dimmed" data-testid="predictions-effort">
            {t("dashboard.predictions.effort", {
              distance: formatDistance(effort.distance_m, l, settings.units),
              time: formatDuration(effort.time_s),
            })}{" "}
            <Anchor component={Link} to={`/activities/${effort.activity_id}`} size="sm" data-testid="predictions-effort-link">
              {effort.date}
            </Anchor>
          </Text>
        )}
      </Group>
      {p.races.length > 0 && (
        <Table fz="sm" verticalSpacing={4} striped data-testid="predictions-races" style={{ fontVariantNumeric: "tabular-nums" }}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("dashboard.predictions.race")}</Table.Th>
              <Table.Th ta="right">
                <Tooltip label={t("dashboard.predictions.help.vdotTime")} multiline maw={320} withArrow>
                  <span style={{ cursor: "help" }}>{t("dashboard.predictions.vdotTime")}</span>
                </Tooltip>
              </Table.Th>
              <Table.Th ta="right">
                <Tooltip label={t("dashboard.predictions.help.riegel")} multiline maw={320} withArrow>
                  <span style={{ cursor: "help" }}>{t("dashboard.predictions.riegel")}</span>
                </Tooltip>
              </Table.Th>
              <Table.Th ta="right">{t("dashboard.predictions.pace")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.races.map((r) => {
              const d = finite(r.distance_m) ? r.distance_m : null;
              const name = d === null ? r.name : t(`activities.metrics.distanceBests.names.d${Math.round(d)}`, { defaultValue: r.name });
              return (
                <Table.Tr key={r.name} data-testid="race-row" data-distance={d ?? undefined}>
                  <Table.Td fw={600}>{name}</Table.Td>
                  <Table.Td ta="right" fw={700} data-testid="race-vdot">
                    {time(r.vdot_time_s)}
                  </Table.Td>
                  <Table.Td ta="right" data-testid="race-riegel">
                    {time(r.riegel_time_s)}
                  </Table.Td>
                  <Table.Td ta="right" c="dimmed" data-testid="race-pace">
                    {d !== null && finite(r.vdot_time_s) ? formatPacePerKm(r.vdot_time_s / (d / 1000), t, settings.units) : DASH}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {p.paces && <Paces paces={p.paces} />}
    </Stack>
  );
}

function Paces({ paces }: { paces: TrainingPaces }) {
  const { t } = useTranslation();
  const { settings } = useSettings();
  const pace = (v: number | null | undefined) => (finite(v) ? formatPacePerKm(v, t, settings.units) : DASH);
  return (
    <Stack gap={4} data-testid="training-paces">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {t("dashboard.predictions.paces")}
      </Text>
      <Group gap="md" wrap="wrap" style={{ fontVariantNumeric: "tabular-nums" }}>
        {PACES.map((key) => {
          const value =
            key === "easy"
              ? finite(paces.easy_fast_s_per_km) && finite(paces.easy_slow_s_per_km)
                ? t("dashboard.predictions.easyRange", {
                    fast: paceNumber(paces.easy_fast_s_per_km, settings.units),
                    slow: pace(paces.easy_slow_s_per_km),
                  })
                : DASH
              : pace(paces[key]);
          return (
            <Tooltip key={key} label={t(`dashboard.predictions.paceHelp.${key}`)} multiline maw={320} withArrow openDelay={150}>
              <Stack gap={0} style={{ cursor: "help" }} data-testid={`pace-${key}`}>
                <Text size="xs" c="dimmed">
                  {t(`dashboard.predictions.paceNames.${key}`)}
                </Text>
                <Text size="sm" fw={700}>
                  {value}
                </Text>
              </Stack>
            </Tooltip>
          );
        })}
      </Group>
    </Stack>
  );
}
