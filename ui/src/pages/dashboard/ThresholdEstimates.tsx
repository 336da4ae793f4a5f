import { useState } from "react";
import { Anchor, Button, Stack, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { MeasureKey } from "../../bindings";
import type { ApiError, Profile, ThresholdEstimate } from "../../lib/api";
import { toApiError } from "../../lib/activities/useImport";
import { formatMeasure } from "../../lib/display";
import { useSettings } from "../../lib/settings";
import { finite } from "../../lib/trends";
import { DASH, DashboardError, Loading } from "./parts";
import { useBackend } from "./useBackend";

/** The estimation methods the UI describes in its own words (the backend's stable keys). */
export const ESTIMATE_METHODS = ["max_hr_5s", "friel_lthr", "eftp_20min", "critical_speed", "best_6min_speed"] as const;
type EstimateMethod = (typeof ESTIMATE_METHODS)[number];

const isEstimateMethod = (m: string): m is EstimateMethod => (ESTIMATE_METHODS as readonly string[]).includes(m);

/** How an estimate was made, translated from its method; the backend's English sentence for a method this UI does not know. */
function Basis({ est }: { est: ThresholdEstimate }) {
  const { t } = useTranslation();
  const known = isEstimateMethod(est.method);
  return (
    <Text size="xs" lang={known ? undefined : "en"} data-testid="estimate-basis" data-method={est.method}>
      {known ? t(`dashboard.estimates.method.${est.method}`, { days: est.window_days }) : est.basis}
    </Text>
  );
}

/** Thresholds the recent activities suggest, each to accept into the profile (effective today). */
export function ThresholdEstimates({ onAccepted }: { onAccepted: (profile: Profile) => void }) {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const e = useBackend(() => commands.thresholdEstimates(), "estimates");
  const [busy, setBusy] = useState<MeasureKey | null>(null);
  const [failed, setFailed] = useState<ApiError | null>(null);
  const fmt = (k: MeasureKey, v: number | null | undefined) => (finite(v) ? formatMeasure(k, v, t, i18n.language, settings.units) : DASH);

  async function accept(est: ThresholdEstimate) {
    if (!finite(est.value)) return;
    setBusy(est.measure);
    setFailed(null);
    try {
      const res = await commands.acceptThresholdEstimate(est.measure, est.value);
      if (res.status === "ok") {
        onAccepted(res.data);
        e.reload();
        notifications.show({
          color: "teal",
          title: t("dashboard.estimates.acceptedTitle"),
          message: t("dashboard.estimates.accepted", { name: t(`measures.short.${est.measure}`), value: fmt(est.measure, est.value) }),
        });
      } else setFailed(res.error);
    } catch (err) {
      setFailed(toApiError(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack gap="xs" data-testid="estimates">
      <Text size="sm" fw={600}>
        {t("dashboard.estimates.title")}
      </Text>
      {failed && <DashboardError error={failed} title={t("dashboard.estimates.acceptError")} testId="estimate-accept-error" />}
      {e.error ? (
        <DashboardError error={e.error} testId="estimates-error" />
      ) : !e.data ? (
        <Loading testId="estimates-loading" h={60} />
      ) : e.data.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="estimates-empty">
          {t("dashboard.estimates.empty")}
        </Text>
      ) : (
        <Table fz="sm" verticalSpacing={6} style={{ fontVariantNumeric: "tabular-nums" }}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("dashboard.estimates.measure")}</Table.Th>
              <Table.Th ta="right">{t("dashboard.estimates.estimate")}</Table.Th>
              <Table.Th ta="right">{t("dashboard.estimates.current")}</Table.Th>
              <Table.Th>{t("dashboard.estimates.basis")}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {e.data.map((est) => (
              <Table.Tr key={est.measure} data-testid="estimate-row" data-measure={est.measure}>
                <Table.Td fw={600}>{t(`measures.short.${est.measure}`)}</Table.Td>
                <Table.Td ta="right" fw={700} data-testid="estimate-value">
                  {fmt(est.measure, est.value)}
                </Table.Td>
                <Table.Td ta="right" c="dimmed" data-testid="estimate-current">
                  {fmt(est.measure, est.current)}
                </Table.Td>
                <Table.Td>
                  <Basis est={est} />
                  <Text size="xs" c="dimmed">
                    {est.activity_id !== null && est.activity_id !== undefined ? (
                      <Anchor component={Link} to={`/activities/${est.activity_id}`} size="xs" data-testid="estimate-activity">
                        {t("dashboard.estimates.from", { date: est.date })}
                      </Anchor>
                    ) : (
                      t("dashboard.estimates.asOf", { date: est.date })
                    )}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant="light"
                    loading={busy === est.measure}
                    disabled={busy !== null && busy !== est.measure}
                    onClick={() => void accept(est)}
                    data-testid={`estimate-accept-${est.measure}`}
                  >
                    {t("dashboard.estimates.accept")}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
