import { Badge, Group, Stack, Text, Tooltip } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { ModelFit } from "../../lib/api";
import { fmtNum } from "../../lib/activities/format";
import { finite } from "../../lib/trends";
import { DASH, DashboardError, Loading, Notes } from "./parts";
import { useBackend } from "./useBackend";

/** When the error on runs a fit never saw exceeds this many times its fitting error, it drifts. */
export const DRIFT_RATIO = 1.5;

/** Whether the latest fit still predicts the runs that came after it. */
export function driftOf(fit: ModelFit): "unchecked" | "holding" | "drifting" {
  if (fit.later_points === 0 || !finite(fit.later_rmse) || !finite(fit.rmse)) return "unchecked";
  return fit.later_rmse > DRIFT_RATIO * Math.max(fit.rmse, 1e-9) ? "drifting" : "holding";
}

/** The personal fitness-fatigue model: the latest fit's parameters, its versions and drift. */
export function FitnessModelSummary() {
  const { t, i18n } = useTranslation();
  const m = useBackend(() => commands.fitnessModel(), "model");
  const l = i18n.language;
  const n = (v: number | null | undefined, digits: number) => (finite(v) ? fmtNum(v, l, digits) : DASH);
  const latest = m.data?.fits.at(-1) ?? null;
  const drift = latest ? driftOf(latest) : null;
  return (
    <Stack gap={6} data-testid="fitness-model">
      <Tooltip label={t("dashboard.model.help")} multiline maw={360} withArrow openDelay={150}>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ cursor: "help", textDecoration: "underline dotted" }} span>
          {t("dashboard.model.title")}
        </Text>
      </Tooltip>
      {m.error ? (
        <DashboardError error={m.error} testId="fitness-model-error" />
      ) : !m.data ? (
        <Loading testId="fitness-model-loading" h={60} />
      ) : !latest ? (
        <Text size="sm" c="dimmed" data-testid="fitness-model-empty">
          {t("dashboard.model.empty")}
        </Text>
      ) : (
        <>
          <Group gap="lg" style={{ fontVariantNumeric: "tabular-nums" }}>
            <Param testId="model-tau1" label="τ1" hint={t("dashboard.model.tau1")} value={t("dashboard.model.days", { value: n(latest.tau1, 1) })} />
            <Param testId="model-tau2" label="τ2" hint={t("dashboard.model.tau2")} value={t("dashboard.model.days", { value: n(latest.tau2, 1) })} />
            <Param testId="model-rmse" label={t("dashboard.model.rmse")} hint={t("dashboard.model.rmseHelp")} value={n(latest.rmse, 2)} />
            <Param
              testId="model-versions"
              label={t("dashboard.model.versions")}
              hint={t("dashboard.model.versionsHelp")}
              value={fmtNum(m.data.fits.length, l, 0)}
            />
          </Group>
          <Text size="xs" c="dimmed" data-testid="model-through">
            {t("dashboard.model.through", { date: latest.through, points: latest.points })}
          </Text>
          <Group gap="xs" wrap="nowrap" align="flex-start" data-testid="model-drift" data-drift={drift ?? undefined}>
            <Badge variant="light" radius="sm" color={drift === "drifting" ? "orange" : drift === "holding" ? "teal" : "gray"} style={{ flexShrink: 0 }}>
              {t(`dashboard.model.drift.${drift}`)}
            </Badge>
            <Text size="xs" c="dimmed">
              {drift === "unchecked"
                ? t("dashboard.model.driftUnchecked")
                : t("dashboard.model.driftText", { later: n(latest.later_rmse, 2), rmse: n(latest.rmse, 2), points: latest.later_points })}
            </Text>
          </Group>
        </>
      )}
      {m.data && <Notes notes={m.data.notes} testId="fitness-model-notes" />}
    </Stack>
  );
}

function Param({ testId, label, hint, value }: { testId: string; label: string; hint: string; value: string }) {
  return (
    <Tooltip label={hint} multiline maw={320} withArrow openDelay={150}>
      <Stack gap={0} style={{ cursor: "help" }}>
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <Text size="sm" fw={700} data-testid={testId}>
          {value}
        </Text>
      </Stack>
    </Tooltip>
  );
}
