import { Card, Divider, SimpleGrid, Stack } from "@mantine/core";
import { IconTargetArrow } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { Profile } from "../../lib/api";
import { finite } from "../../lib/trends";
import { CardTitle, DashboardError, EmptyState, Loading, Notes } from "./parts";
import { CriticalFits } from "./CriticalFits";
import { CurrentThresholds } from "./CurrentThresholds";
import { FitnessModelSummary } from "./FitnessModelSummary";
import { RacePredictions } from "./RacePredictions";
import { ThresholdEstimates } from "./ThresholdEstimates";
import { useBackend } from "./useBackend";

/**
 * Thresholds and predictions: the thresholds in force, the ones the data
 * suggests (to accept), VDOT with race times and training paces, critical
 * power and speed, and the fitness-fatigue model.
 */
export function ThresholdsCard({ profile, onProfile }: { profile: Profile | null; onProfile: (p: Profile) => void }) {
  const { t } = useTranslation();
  const p = useBackend(() => commands.fitnessPredictions(), "predictions");
  const d = p.data;
  const nothing = d !== null && !finite(d.vdot) && !d.critical_power && !d.critical_speed;
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="thresholds-card">
      <CardTitle icon={IconTargetArrow} title={t("dashboard.predictions.title")} />
      <Stack gap="md">
        <CurrentThresholds profile={profile} />
        <ThresholdEstimates onAccepted={onProfile} />
        <Divider />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Stack gap="md">
            {p.error ? (
              <DashboardError error={p.error} testId="predictions-error" />
            ) : !d ? (
              <Loading testId="predictions-loading" />
            ) : nothing ? (
              <EmptyState testId="predictions-empty" text={t("dashboard.predictions.empty")} profileLink={false} />
            ) : (
              <RacePredictions p={d} />
            )}
          </Stack>
          <Stack gap="md">
            {d && !nothing && <CriticalFits power={d.critical_power ?? null} speed={d.critical_speed ?? null} />}
            <FitnessModelSummary />
          </Stack>
        </SimpleGrid>
        {d && <Notes notes={d.notes} testId="predictions-notes" />}
      </Stack>
    </Card>
  );
}
