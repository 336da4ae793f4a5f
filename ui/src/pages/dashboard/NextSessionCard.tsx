import { Badge, Button, Card, Group, Stack, Text } from "@mantine/core";
import { IconCalendarEvent } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { commands } from "../../bindings";
import { AskCoachButton } from "../../components/AskCoachButton";
import type { PlanView } from "../../lib/api";
import { todayIso } from "../../lib/format";
import { daysBetween } from "../../lib/goalForm";
import { formatDay, formatKm, formatSessionTime, kindColor, nextSession } from "../../lib/plan";
import { useSettings } from "../../lib/settings";
import { CardTitle, DashboardError, Loading } from "./parts";
import { useBackend } from "./useBackend";

/**
 * "Next session": the active plan's next planned workout, with its length and
 * purpose, a link that opens it in the plan, and the race countdown.
 */
export function NextSessionCard() {
  const { t } = useTranslation();
  const today = todayIso();
  const plan = useBackend(() => commands.activePlan(), `active-plan-${today}`);
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="next-session">
      <CardTitle icon={IconCalendarEvent} title={t("dashboard.next.title")} />
      {plan.error ? (
        <DashboardError error={plan.error} title={t("plan.loadError")} testId="next-session-error" />
      ) : plan.loading && !plan.data ? (
        <Loading testId="next-session-loading" h={80} />
      ) : plan.data ? (
        <PlanNext plan={plan.data} today={today} />
      ) : (
        <Stack gap="sm" data-testid="next-session-no-plan">
          <Text size="sm" c="dimmed">
            {t("dashboard.next.empty")}
          </Text>
          <Group>
            <Button component={Link} to="/plan" variant="light" size="xs" data-testid="next-session-set-goal">
              {t("dashboard.next.setGoal")}
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}

function PlanNext({ plan, today }: { plan: PlanView; today: string }) {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const locale = i18n.language;
  const next = nextSession(plan.workouts, today);
  const raceIn = plan.goal.race_date ? daysBetween(today, plan.goal.race_date) : null;

  if (!next) {
    return (
      <Stack gap="sm" data-testid="next-session-done">
        <Text size="sm" c="dimmed">
          {t("dashboard.next.done", { plan: plan.goal_name })}
        </Text>
        <Group>
          <Button component={Link} to="/plan" variant="light" size="xs" data-testid="next-session-open-plan">
            {t("dashboard.next.openPlan")}
          </Button>
        </Group>
      </Stack>
    );
  }

  const w = next.workout;
  const inDays = daysBetween(today, w.date);
  const day =
    inDays === 0
      ? t("dashboard.next.today")
      : inDays === 1
        ? t("dashboard.next.tomorrow")
        : formatDay(w.date, locale, { weekday: "long", day: "numeric", month: "long" });
  const figures = [
    w.est_duration_s > 0 ? formatSessionTime(w.est_duration_s) : null,
    w.est_distance_m > 0 ? formatKm(w.est_distance_m, locale, settings.units) : null,
    w.est_load != null ? t("dashboard.next.load", { load: Math.round(w.est_load) }) : null,
  ]
    .filter(Boolean)
    .join(" · ");
  // The plan's titles and purposes are written in English by the generator; the
  // kind is translated, so it leads and the English text is marked as such.
  return (
    <Stack gap="xs" data-testid="next-session-workout" data-id={next.id} data-date={w.date}>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600} data-testid="next-session-day">
          {day}
        </Text>
        <Badge color={kindColor(w.kind)} variant="light" data-testid="next-session-kind">
          {t(`plan.workoutKind.${w.kind}`, { defaultValue: w.kind })}
        </Badge>
      </Group>
      <Text fw={600} lang="en" data-testid="next-session-title">
        {w.title}
      </Text>
      {figures && (
        <Text size="sm" c="dimmed" data-testid="next-session-figures">
          {figures}
        </Text>
      )}
      <Text size="sm" lineClamp={3} lang="en">
        {w.purpose}
      </Text>
      {raceIn !== null && raceIn > 0 && (
        <Text size="xs" c="dimmed" data-testid="next-session-race">
          {t("dashboard.next.raceIn", { count: raceIn, plan: plan.goal_name })}
        </Text>
      )}
      <Group gap="xs" mt={4}>
        <Button component={Link} to={`/plan?workout=${next.id}`} variant="light" size="xs" data-testid="next-session-open">
          {t("dashboard.next.open")}
        </Button>
        <AskCoachButton about={{ kind: "workout", id: next.id }} />
      </Group>
    </Stack>
  );
}
