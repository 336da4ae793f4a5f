// Goals & Plan: the active plan (header, calendar, weeks, adjustments,
// exports), a switch between plans, and the goal wizard for a new one.
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconCalendarDown,
  IconDeviceWatch,
  IconFileText,
  IconJson,
  IconPlus,
  IconStethoscope,
  IconTemplate,
  IconTrash,
} from "@tabler/icons-react";
import { useCallback, useEffect, useState } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { commands, type PlanFormat } from "../../bindings";
import type { AdjustmentView, ApiError, PlanSummary, PlanView } from "../../lib/api";
import { toApiError } from "../../lib/activities/useImport";
import { fmtNum } from "../../lib/activities/format";
import { todayIso } from "../../lib/format";
import { formatDay, planRange } from "../../lib/plan";
import { AskCoachButton } from "../../components/AskCoachButton";
import { DashboardError, Loading } from "../dashboard/parts";
import { AdjustmentCard } from "./AdjustmentCard";
import { GoalWizard } from "./GoalWizard";
import { PlanCalendar } from "./PlanCalendar";
import { WarningList, callOrNotify, goalKindText, goalTargetText } from "./parts";
import { WeekLoads } from "./WeekLoads";
import { WorkoutDrawer } from "./WorkoutDrawer";

type Loaded = { kind: "loading" } | { kind: "error"; error: ApiError } | { kind: "ready"; plan: PlanView | null };

export function PlanPage() {
  const { t } = useTranslation();
  const [state, setState] = useState<Loaded>({ kind: "loading" });
  const [plans, setPlans] = useState<PlanSummary[]>([]);
  const [wizard, setWizard] = useState(false);

  const loadPlans = useCallback(async () => {
    try {
      const res = await commands.listPlans();
      if (res?.status === "ok") setPlans(res.data);
    } catch {
      // The switcher is a convenience: without the list it is not shown.
    }
  }, []);

  const load = useCallback(async () => {
    setState({ kind: "loading" });
    try {
      const res = await commands.activePlan();
      if (res.status === "ok") setState({ kind: "ready", plan: res.data });
      else setState({ kind: "error", error: res.error });
    } catch (e) {
      setState({ kind: "error", error: toApiError(e) });
    }
  }, []);

  useEffect(() => {
    void load();
    void loadPlans();
  }, [load, loadPlans]);

  const plan = state.kind === "ready" ? state.plan : null;
  const setPlan = (p: PlanView) => setState({ kind: "ready", plan: p });

  return (
    <Stack gap="lg" maw={1200} data-testid="plan-page">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{t("nav.plan")}</Title>
          <Text size="sm" c="dimmed">
            {t("plan.intro")}
          </Text>
        </Stack>
        <AskCoachButton about={{ kind: "plan" }} />
      </Group>
      {state.kind === "loading" ? (
        <Loading testId="plan-loading" h={240} />
      ) : state.kind === "error" ? (
        <DashboardError error={state.error} title={t("plan.loadError")} testId="plan-error" />
      ) : wizard || !plan ? (
        <GoalWizard
          onCreated={(p) => {
            setPlan(p);
            setWizard(false);
            void loadPlans();
          }}
          onCancel={plan ? () => setWizard(false) : undefined}
        />
      ) : (
        <PlanScreen
          key={plan.id}
          plan={plan}
          plans={plans}
          onChange={setPlan}
          onNewGoal={() => setWizard(true)}
          onSwitched={(p) => {
            setPlan(p);
            void loadPlans();
          }}
          onDeleted={() => {
            void load();
            void loadPlans();
          }}
        />
      )}
    </Stack>
  );
}

function PlanScreen({
  plan,
  plans,
  onChange,
  onNewGoal,
  onSwitched,
  onDeleted,
}: {
  plan: PlanView;
  plans: PlanSummary[];
  onChange: (p: PlanView) => void;
  onNewGoal: () => void;
  onSwitched: (p: PlanView) => void;
  onDeleted: () => void;
}) {
  const { t, i18n } = useTranslation();
  const today = todayIso();
  // `/plan?workout=ID` (the dashboard's next session) opens that workout on its day.
  const [params, setParams] = useSearchParams();
  const linked = plan.workouts.find((w) => String(w.id) === params.get("workout")) ?? null;
  const [open, setOpen] = useState<number | null>(linked?.id ?? null);
  const [proposal, setProposal] = useState<AdjustmentView | null>(null);
  const [focus, setFocus] = useState<{ day: string; n: number } | null>(linked ? { day: linked.workout.date, n: 1 } : null);
  const close = () => {
    setOpen(null);
    if (params.has("workout"))
      setParams(
        (p) => {
          p.delete("workout");
          return p;
        },
        { replace: true },
      );
  };
  const adjustment = proposal ?? plan.pending_adjustment ?? null;

  const update = async (call: () => ReturnType<typeof commands.getPlan>, failTitle: string): Promise<PlanView | undefined> => {
    const res = await callOrNotify(call, failTitle);
    if (res) onChange(res.data);
    return res?.data;
  };

  const move = async (id: number, date: string) => {
    const p = await update(() => commands.movePlannedWorkout(id, date), t("plan.calendar.moveError"));
    if (p)
      notifications.show({
        color: "teal",
        message: t("plan.calendar.moved", { date: formatDay(date, i18n.language, { weekday: "long", day: "numeric", month: "long" }) }),
      });
  };

  return (
    <Stack gap="lg" data-testid="plan-view" data-plan-id={plan.id}>
      <PlanHeader plan={plan} plans={plans} onNewGoal={onNewGoal} onSwitched={onSwitched} onDeleted={onDeleted} />
      <PlanActions
        plan={plan}
        onProposal={(a) => setProposal(a)}
      />
      {adjustment && (
        <AdjustmentCard
          plan={plan}
          adjustment={adjustment}
          onDecide={async (accept) => {
            const p = await update(() => commands.decidePlanAdjustment(adjustment.id, accept), t("plan.adjust.error"));
            if (p) {
              setProposal(null);
              notifications.show({ color: accept ? "teal" : "gray", message: t(accept ? "plan.adjust.accepted" : "plan.adjust.rejected") });
            }
          }}
        />
      )}
      <PlanCalendar plan={plan} today={today} onOpen={setOpen} onMove={(id, date) => void move(id, date)} focus={focus} />
      <WeekLoads plan={plan} today={today} onWeek={(day) => setFocus((f) => ({ day, n: (f?.n ?? 0) + 1 }))} />
      <WorkoutDrawer
        plan={plan}
        workoutId={open}
        onClose={close}
        onSkip={async (id, skipped) => {
          const p = await update(() => commands.skipPlannedWorkout(id, skipped), t("plan.drawer.error"));
          if (p) notifications.show({ color: "gray", message: t(skipped ? "plan.drawer.skipped" : "plan.drawer.unskipped") });
        }}
        onMove={move}
        onChanged={onChange}
        onExportFit={() => exportFit(plan.id, t)}
      />
    </Stack>
  );
}

/** Writes every session as a FIT workout into a folder the athlete picks. */
async function exportFit(id: number, t: TFunction): Promise<void> {
  const res = await callOrNotify(() => commands.exportPlanFit(id), t("plan.export.error"));
  if (!res || res.data === null) return;
  const paths = res.data;
  const first = paths[0] ?? "";
  const dir = first.replace(/[\\/][^\\/]*$/, "") || first;
  notifications.show({
    color: "teal",
    title: t("plan.export.fitSaved", { count: paths.length }),
    message: (
      <span data-testid="export-saved" data-count={paths.length}>
        {dir}
      </span>
    ),
  });
}

function PlanHeader({
  plan,
  plans,
  onNewGoal,
  onSwitched,
  onDeleted,
}: {
  plan: PlanView;
  plans: PlanSummary[];
  onNewGoal: () => void;
  onSwitched: (p: PlanView) => void;
  onDeleted: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const goal = plan.goal;
  const range = planRange(plan);
  const target = goalTargetText(goal, t);
  const [switching, setSwitching] = useState(false);

  const switchTo = async (id: number) => {
    if (id === plan.id) return;
    setSwitching(true);
    const res = await callOrNotify(() => commands.activatePlan(id), t("plan.header.switchError"));
    setSwitching(false);
    if (res) onSwitched(res.data);
  };

  const day = (iso: string) => formatDay(iso, locale);
  return (
    <Card withBorder radius="lg" padding="lg" data-testid="plan-header">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Stack gap={4}>
            <Group gap="xs">
              <Title order={3} data-testid="plan-title">
                {plan.goal_name}
              </Title>
              {plan.active && (
                <Badge color="teal" variant="light">
                  {t("plan.header.active")}
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed" data-testid="plan-dates">
              {goalKindText(goal, t, locale)}
              {" · "}
              {range ? t("plan.header.dates", { start: day(range.first), end: day(range.last) }) : day(goal.start)}
              {goal.race_date && <> · {t("plan.header.race", { date: day(goal.race_date) })}</>}
            </Text>
          </Stack>
          <Group gap="sm" align="flex-end">
            {plans.length > 1 && (
              <NativeSelect
                size="xs"
                label={t("plan.header.switch")}
                value={String(plan.id)}
                disabled={switching}
                onChange={(e) => void switchTo(Number(e.currentTarget.value))}
                data={plans.map((p) => ({
                  value: String(p.id),
                  label: `${p.goal_name}${p.start ? ` (${day(p.start)})` : ""}`,
                }))}
                data-testid="plan-switcher"
                w={280}
              />
            )}
            <Button leftSection={<IconPlus size={16} />} variant="light" onClick={onNewGoal} data-testid="new-goal">
              {t("plan.header.newGoal")}
            </Button>
            <DeleteGoal plan={plan} onDeleted={onDeleted} />
          </Group>
        </Group>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          <HeaderFigure label={t("plan.header.target")} value={target ?? t("plan.header.noTarget")} testId="plan-target" />
          <HeaderFigure
            label={t("plan.header.vdot")}
            value={plan.vdot != null ? fmtNum(plan.vdot, locale, 1) : "—"}
            hint={plan.vdot == null ? t("plan.header.noVdot") : undefined}
            testId="plan-vdot"
          />
          <HeaderFigure label={t("plan.header.weeks")} value={String(plan.weeks.length)} testId="plan-weeks" />
          <HeaderFigure label={t("plan.header.sessions")} value={String(plan.workouts.filter((w) => w.status !== "skipped").length)} testId="plan-sessions" />
        </SimpleGrid>
        <WarningList warnings={plan.warnings} testId="plan-warnings" itemTestId="plan-warning" />
      </Stack>
    </Card>
  );
}

/** Deletes the goal and its plans, after a confirmation. */
function DeleteGoal({ plan, onDeleted }: { plan: PlanView; onDeleted: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    const res = await callOrNotify(() => commands.deleteGoal(plan.goal_id), t("plan.delete.error"));
    setBusy(false);
    if (!res) return;
    setOpen(false);
    notifications.show({ color: "gray", message: t("plan.delete.done", { name: plan.goal_name }) });
    onDeleted();
  };
  return (
    <>
      <ActionIcon variant="subtle" color="red" size="lg" onClick={() => setOpen(true)} aria-label={t("plan.delete.button")} title={t("plan.delete.button")} data-testid="delete-goal">
        <IconTrash size={18} />
      </ActionIcon>
      <Modal opened={open} onClose={() => setOpen(false)} title={t("plan.delete.title")} centered data-testid="delete-goal-modal">
        <Text size="sm">{t("plan.delete.body", { name: plan.goal_name })}</Text>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={() => setOpen(false)} data-testid="delete-goal-cancel">
            {t("plan.delete.cancel")}
          </Button>
          <Button color="red" onClick={() => void confirm()} loading={busy} data-testid="delete-goal-confirm">
            {t("plan.delete.confirm")}
          </Button>
        </Group>
      </Modal>
    </>
  );
}

function HeaderFigure({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <Card radius="md" padding="sm" bg="var(--mantine-color-default-hover)" data-testid={testId}>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="lg" fw={700} style={{ fontVariantNumeric: "tabular-nums" }}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

const FILE_FORMATS: { format: PlanFormat; icon: typeof IconJson }[] = [
  { format: "ics", icon: IconCalendarDown },
  { format: "json", icon: IconJson },
  { format: "text", icon: IconFileText },
];

/** Check the plan against what was done, exports, and saving the goal as a template. */
function PlanActions({ plan, onProposal }: { plan: PlanView; onProposal: (a: AdjustmentView) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [templateOpen, setTemplateOpen] = useState(false);
  const [templateName, setTemplateName] = useState("");
  const [templateError, setTemplateError] = useState<string | null>(null);

  const run = async (key: string, f: () => Promise<void>) => {
    setBusy(key);
    try {
      await f();
    } finally {
      setBusy(null);
    }
  };

  const check = () =>
    run("adapt", async () => {
      const res = await callOrNotify(() => commands.adaptPlan(), t("plan.adjust.error"));
      if (!res) return;
      if (res.data) onProposal(res.data);
      else notifications.show({ color: "teal", message: <span data-testid="adapt-on-track">{t("plan.adjust.onTrack")}</span> });
    });

  const exportFile = (format: PlanFormat) =>
    run(format, async () => {
      const res = await callOrNotify(() => commands.exportPlanFile(plan.id, format), t("plan.export.error"));
      if (!res || res.data === null) return;
      notifications.show({
        color: "teal",
        title: t("plan.export.saved"),
        message: <span data-testid="export-saved">{res.data}</span>,
      });
    });

  const saveTemplate = async () => {
    const name = templateName.trim();
    if (!name) {
      setTemplateError(t("validation.required"));
      return;
    }
    await run("template", async () => {
      try {
        const res = await commands.savePlanTemplate(plan.id, name);
        if (res.status === "ok") {
          setTemplateOpen(false);
          notifications.show({ color: "teal", message: t("plan.template.saved", { name: res.data.name }) });
        } else setTemplateError(res.error.message);
      } catch (e) {
        setTemplateError(toApiError(e).message);
      }
    });
  };

  return (
    <Card withBorder radius="lg" padding="md" data-testid="plan-actions">
      <Group justify="space-between" gap="sm">
        <Group gap="sm">
          <Button leftSection={<IconStethoscope size={16} />} onClick={() => void check()} loading={busy === "adapt"} data-testid="adapt-check">
            {t("plan.adjust.check")}
          </Button>
          <Text size="xs" c="dimmed" maw={320}>
            {t("plan.adjust.checkHint")}
          </Text>
        </Group>
        <Group gap="xs">
          {FILE_FORMATS.map(({ format, icon: Icon }) => (
            <Button
              key={format}
              size="xs"
              variant="default"
              leftSection={<Icon size={15} />}
              loading={busy === format}
              onClick={() => void exportFile(format)}
              data-testid={`export-${format}`}
            >
              {t(`plan.export.${format}`)}
            </Button>
          ))}
          <Button
            size="xs"
            variant="default"
            leftSection={<IconDeviceWatch size={15} />}
            loading={busy === "fit"}
            onClick={() => void run("fit", () => exportFit(plan.id, t))}
            data-testid="export-fit"
          >
            {t("plan.export.fit")}
          </Button>
          <Button
            size="xs"
            variant="light"
            leftSection={<IconTemplate size={15} />}
            onClick={() => {
              setTemplateName(plan.goal_name);
              setTemplateError(null);
              setTemplateOpen(true);
            }}
            data-testid="save-template"
          >
            {t("plan.template.save")}
          </Button>
        </Group>
      </Group>
      <Modal opened={templateOpen} onClose={() => setTemplateOpen(false)} title={t("plan.template.title")} centered data-testid="template-modal">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void saveTemplate();
          }}
        >
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {t("plan.template.body")}
            </Text>
            <TextInput
              label={t("plan.template.name")}
              value={templateName}
              onChange={(e) => {
                setTemplateName(e.currentTarget.value);
                setTemplateError(null);
              }}
              error={templateError ? <span data-testid="template-error">{templateError}</span> : undefined}
              maxLength={200}
              data-autofocus
              data-testid="template-name"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setTemplateOpen(false)} data-testid="template-cancel">
                {t("plan.template.cancel")}
              </Button>
              <Button type="submit" loading={busy === "template"} data-testid="template-confirm">
                {t("plan.template.confirm")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
