import { Alert, Table, Text } from "@mantine/core";
import { IconScale } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Units } from "../../../bindings";
import type { Disagreement } from "../../../lib/api";
import { formatField } from "../../../lib/activities/figures";

const KNOWN = new Set([
  "elapsed_s",
  "timer_s",
  "distance_m",
  "ascent_m",
  "descent_m",
  "avg_hr",
  "max_hr",
  "avg_speed_mps",
  "avg_cadence",
  "avg_power_w",
  "max_power_w",
]);

/** Figures on which the device and Tempo differ: both, side by side, with why they can. */
export function Disagreements({ items, sport, units }: { items: Disagreement[]; sport: string; units: Units }) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return null;
  const fmt = (f: string, v: number | null) => formatField(f, v, sport, i18n.language, units);
  return (
    <Alert
      color="orange"
      variant="light"
      radius="lg"
      icon={<IconScale size={20} />}
      title={t("activities.disagreements.title")}
      data-testid="disagreements"
    >
      <Text size="sm" mb="sm">
        {t("activities.disagreements.intro")}
      </Text>
      <Table.ScrollContainer minWidth={560} type="native">
        <Table verticalSpacing={6} fz="sm" withRowBorders>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("activities.disagreements.figure")}</Table.Th>
              <Table.Th ta="right">{t("activities.disagreements.device")}</Table.Th>
              <Table.Th ta="right">{t("activities.disagreements.computed")}</Table.Th>
              <Table.Th>{t("activities.disagreements.why")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((d) => {
              const known = KNOWN.has(d.field);
              return (
                <Table.Tr key={d.field} data-testid={`disagreement-${d.field}`}>
                  <Table.Td fw={600}>{known ? t(`activities.fields.${d.field}`) : d.field}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: "nowrap" }} data-testid="disagreement-device">
                    {fmt(d.field, d.device)}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: "nowrap" }} data-testid="disagreement-computed">
                    {fmt(d.field, d.computed)}
                  </Table.Td>
                  <Table.Td c="dimmed" fz="xs">
                    {known ? t(`activities.disagreements.reasons.${d.field}`) : t("activities.disagreements.reasons.other")}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Alert>
  );
}
