// One planned session in a drawer: what it is for, its estimates, its steps
// with their targets, a chart of its intensity, and what the athlete can do
// with it (skip or put back, move to another day, edit its title and purpose,
// replace it with an easy run, export the plan's FIT files).
import { Anchor, Badge, Box, Button, Divider, Drawer, Group, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowRight, IconDownload, IconPencil, IconPlayerSkipForward, IconRestore, IconWalk } from "@tabler/icons-react";
import { useEffect, useMemo, useState } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { commands, type Step, type Units } from "../../bindings";
import type { PlanView, PlannedWorkout } from "../../lib/api";
import { FeedbackForm } from "../../components/FeedbackForm";
import { fmtNum } from "../../lib/activities/format";
import { todayIso } from "../../lib/format";
import { isIsoDate } from "../../lib/goalForm";
import {
  INTENSITY_COLORS,
  capitalize,
  easyReplacement,
  formatDay,
  formatKm,
  formatSessionTime,
  formatStepDuration,
  formatTarget,
  kindColor,
  planRange,
  planReferences,
  statusColor,
} from "../../lib/plan";
import { useSettings } from "../../lib/settings";
import { callOrNotify } from "./parts";
import { WorkoutChart } from "./WorkoutChart";
import { WorkoutEditForm } from "./WorkoutEdit";

export function WorkoutDrawer({
  plan,
  workoutId,
  onClose,
  onSkip,
  onMove,
  onExportFit,
  onChanged,
}: {
  plan: PlanView;
  workoutId: number | null;
  onClose: () => void;
  onSkip: (id: number, skipped: boolean) => Promise<void>;
  onMove: (id: number, date: string) => Promise<void>;
  onExportFit: () => Promise<void>;
  /** The plan as the backend returns it after an edit or a replacement. */
  onChanged?: (p: PlanView) => void;
}) {
  const { t } = useTranslation();
  const w = workoutId === null ? undefined : plan.workouts.find((x) => x.id === workoutId);
  return (
    <Drawer
      opened={!!w}
      onClose={onClose}
      position="right"
      size="lg"
      title={w ? <Text fw={600}>{t(`plan.workoutKind.${w.workout.kind}`, { defaultValue: w.workout.kind })}</Text> : null}
      closeButtonProps={{ "aria-label": t("plan.drawer.close") }}
    >
      {w && <WorkoutDetail key={w.id} plan={plan} w={w} onSkip={onSkip} onMove={onMove} onExportFit={onExportFit} onChanged={onChanged} />}
    </Drawer>
  );
}

function WorkoutDetail({
  plan,
  w,
  onSkip,
  onMove,
  onExportFit,
  onChanged,
}: {
  plan: PlanView;
  w: PlannedWorkout;
  onSkip: (id: number, skipped: boolean) => Promise<void>;
  onMove: (id: number, date: string) => Promise<void>;
  onExportFit: () => Promise<void>;
  onChanged?: (p: PlanView) => void;
}) {
  const { t, i18n } = useTranslation();
  const { settings } = useSettings();
  const locale = i18n.language;
  const units = settings.units;
  const wo = w.workout;
  const [moveTo, setMoveTo] = useState(wo.date);
  const [busy, setBusy] = useState<"skip" | "move" | "fit" | "easy" | null>(null);
  const [editing, setEditing] = useState(false);
  const range = planRange(plan);
  useEffect(() => setMoveTo(wo.date), [wo.date]);
  const skipped = w.status === "skipped";
  const moveOk = isIsoDate(moveTo) && moveTo !== wo.date && (!range || (range.first <= moveTo && moveTo <= range.last));

  const run = async (what: "skip" | "move" | "fit" | "easy", f: () => Promise<void>) => {
    setBusy(what);
    try {
      await f();
    } finally {
      setBusy(null);
    }
  };

  const replaceEasy = async () => {
    const res = await callOrNotify(() => commands.replacePlannedWorkout(w.id, easyReplacement(wo)), t("plan.drawer.error"));
    if (!res) return;
    onChanged?.(res.data);
    notifications.show({ color: "teal", message: t("plan.drawer.replaced") });
  };

  return (
    <Stack gap="md" data-testid="workout-drawer" data-id={w.id} data-status={w.status}>
      <Stack gap={4}>
        <Group gap="xs">
          <Badge color={kindColor(wo.kind)} variant="light">
            {t(`plan.workoutKind.${wo.kind}`, { defaultValue: wo.kind })}
          </Badge>
          <Badge color={statusColor(w.status)} variant={w.status === "planned" ? "outline" : "filled"} data-testid="workout-drawer-status">
            {t(`plan.status.${w.status}`, { defaultValue: w.status })}
          </Badge>
          {w.edited && (
            <Badge color="gray" variant="outline">
              {t("plan.drawer.edited")}
            </Badge>
          )}
        </Group>
        <Title order={3} lang="en" data-testid="workout-title">
          {wo.title}
        </Title>
        <Text size="sm" c="dimmed">
          {capitalize(formatDay(wo.date, locale, { weekday: "long", day: "numeric", month: "long", year: "numeric" }), locale)}
        </Text>
      </Stack>

      {wo.purpose && (
        <Text size="sm" lang="en" data-testid="workout-purpose">
          {wo.purpose}
        </Text>
      )}

      <SimpleGrid cols={3} data-testid="workout-estimates">
        <Estimate label={t("plan.drawer.duration")} value={formatSessionTime(wo.est_duration_s)} />
        <Estimate label={t("plan.drawer.distance")} value={formatKm(wo.est_distance_m, locale, units)} />
        <Estimate label={t("plan.drawer.load")} value={wo.est_load != null ? fmtNum(wo.est_load, locale, 0) : "—"} />
      </SimpleGrid>
      {w.duration_ratio != null && (
        <Text size="sm" c="dimmed" data-testid="workout-ratio">
          {t("plan.drawer.ratio", { pct: Math.round(w.duration_ratio * 100) })}
          {w.activity_id != null && (
            <>
              {" · "}
              <Anchor component={Link} to={`/activities/${w.activity_id}`} size="sm" data-testid="workout-activity">
                {t("plan.drawer.activity")}
              </Anchor>
            </>
          )}
        </Text>
      )}

      {wo.date <= todayIso() && <WorkoutFeedback plan={plan} w={w} onChanged={onChanged} />}

      {wo.steps.length > 0 && (
        <>
          <Divider label={t("plan.drawer.intensity")} labelPosition="left" />
          <WorkoutChart workout={wo} refs={planReferences(plan.thresholds, plan.vdot)} />
          <Divider label={t("plan.drawer.steps")} labelPosition="left" />
          <Box data-testid="workout-steps">
            <StepList steps={wo.steps} locale={locale} units={units} />
          </Box>
        </>
      )}

      <Divider />
      <Stack gap="sm">
        {editing && (
          <WorkoutEditForm
            id={w.id}
            workout={wo}
            onSaved={(p) => {
              setEditing(false);
              onChanged?.(p);
            }}
            onCancel={() => setEditing(false)}
          />
        )}
        <Group gap="sm">
          {!editing && (
            <Button variant="light" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)} data-testid="workout-edit">
              {t("plan.drawer.edit")}
            </Button>
          )}
          {wo.kind !== "easy" && (
            <Button
              variant="light"
              color="teal"
              leftSection={<IconWalk size={16} />}
              loading={busy === "easy"}
              onClick={() => void run("easy", replaceEasy)}
              data-testid="workout-replace-easy"
            >
              {t("plan.drawer.replaceEasy")}
            </Button>
          )}
        </Group>
        <Group gap="sm">
          <Button
            variant="light"
            color={skipped ? "teal" : "gray"}
            leftSection={skipped ? <IconRestore size={16} /> : <IconPlayerSkipForward size={16} />}
            loading={busy === "skip"}
            onClick={() => void run("skip", () => onSkip(w.id, !skipped))}
            data-testid="workout-skip"
            data-skipped={skipped || undefined}
          >
            {skipped ? t("plan.drawer.unskip") : t("plan.drawer.skip")}
          </Button>
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            loading={busy === "fit"}
            onClick={() => void run("fit", onExportFit)}
            data-testid="workout-export-fit"
          >
            {t("plan.drawer.exportFit")}
          </Button>
        </Group>
        <Group align="flex-end" gap="sm">
          <TextInput
            type="date"
            label={t("plan.drawer.moveTo")}
            value={moveTo}
            onChange={(e) => setMoveTo(e.currentTarget.value)}
            min={range?.first}
            max={range?.last}
            data-testid="workout-move-date"
            w={200}
          />
          <Button
            variant="light"
            leftSection={<IconArrowRight size={16} />}
            disabled={!moveOk}
            loading={busy === "move"}
            onClick={() => void run("move", () => onMove(w.id, moveTo))}
            data-testid="workout-move"
          >
            {t("plan.drawer.move")}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t("plan.drawer.fitHint")}
        </Text>
      </Stack>
    </Stack>
  );
}

/**
 * How the session felt (RPE, notes): only for today's and past sessions, since a
 * session not yet done has no feeling to record.
 */
function WorkoutFeedback({ plan, w, onChanged }: { plan: PlanView; w: PlannedWorkout; onChanged?: (p: PlanView) => void }) {
  const { t } = useTranslation();
  const initial = useMemo(() => ({ rpe: w.rpe, notes: w.notes }), [w.rpe, w.notes]);
  return (
    <Stack gap="xs" data-testid="workout-feedback">
      <Divider label={t("feedback.title")} labelPosition="left" />
      <FeedbackForm
        initial={initial}
        save={(f) => commands.setWorkoutFeedback(w.id, f)}
        // The command answers with the feedback only: patch it into the plan the page holds.
        onSaved={(f) => onChanged?.({ ...plan, workouts: plan.workouts.map((x) => (x.id === w.id ? { ...x, rpe: f.rpe, notes: f.notes } : x)) })}
        testIds={{ picker: "workout-rpe", notes: "workout-notes", save: "workout-feedback-save" }}
      />
    </Stack>
  );
}

function Estimate({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text fw={700} style={{ fontVariantNumeric: "tabular-nums" }}>
        {value}
      </Text>
    </Stack>
  );
}

/** The steps as written: a repeat block is shown once with its count. */
export function StepList({ steps, locale, units }: { steps: Step[]; locale: string; units: Units }) {
  const { t } = useTranslation();
  return (
    <Stack gap={6}>
      {steps.map((s, i) =>
        s.type === "repeat" ? (
          <Box
            key={i}
            data-testid="workout-repeat"
            data-count={s.count}
            pl="sm"
            style={{ borderLeft: "3px solid var(--mantine-color-default-border)" }}
          >
            <Text size="sm" fw={700} mb={4}>
              {t("plan.drawer.repeat", { count: s.count })}
            </Text>
            <StepList steps={s.steps} locale={locale} units={units} />
          </Box>
        ) : (
          <Group key={i} gap="sm" wrap="nowrap" align="flex-start" data-testid="workout-step" data-intensity={s.intensity}>
            <Box w={10} h={10} mt={6} style={{ flex: "none", borderRadius: 2, background: INTENSITY_COLORS[s.intensity] }} />
            <Stack gap={0} style={{ flex: 1 }}>
              <Text size="sm" lang="en">
                {s.label}
              </Text>
              <Text size="xs" c="dimmed">
                {t(`plan.step.intensity.${s.intensity}`)} · <span data-testid="step-duration">{formatStepDuration(s.duration, t, locale, units)}</span>
                {formatTarget(s.target, t, locale, units) && (
                  <>
                    {" · "}
                    <span data-testid="step-target">{formatTarget(s.target, t, locale, units)}</span>
                  </>
                )}
              </Text>
            </Stack>
          </Group>
        ),
      )}
    </Stack>
  );
}
