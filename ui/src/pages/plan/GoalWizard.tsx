// The guided goal wizard: six steps (goal, dates, level, availability,
// preferences, review), one zod schema per step, the goal checked live on the
// review step, and the plan created from it.
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Input,
  Loader,
  NativeSelect,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
  TextInput,
  Title,
  UnstyledButton,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCheck, IconTrash } from "@tabler/icons-react";
import { zodResolver } from "@hookform/resolvers/zod";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { Controller, useForm, useWatch, type FieldError, type Resolver } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { ApiError, GoalWarning, PlanTemplate, PlanView } from "../../lib/api";
import { toApiError } from "../../lib/activities/useImport";
import { fmtNum } from "../../lib/activities/format";
import { todayIso } from "../../lib/format";
import {
  GOAL_KINDS,
  LEVEL_SOURCES,
  INTENSITY_STYLES,
  WEEKDAYS,
  WIZARD_STEPS,
  defaultGoalForm,
  firstInvalidStep,
  formToGoal,
  goalMessageParams,
  goalStepSchemas,
  goalToForm,
  levelVdot,
  planWeeksBetween,
  raceVdot,
  serverErrorTarget,
  type GoalField,
  type GoalFormValues,
  type WizardStep,
} from "../../lib/goalForm";
import { formatDay } from "../../lib/plan";
import { WarningList, goalKindText, goalTargetText } from "./parts";

type CheckState =
  | { kind: "idle" }
  | { kind: "checking" }
  | { kind: "ok"; warnings: GoalWarning[] }
  | { kind: "error"; error: ApiError };

/** Test ids of the inputs (the e2e tests use them). */
const FIELD_TEST_ID: Partial<Record<GoalField, string>> = {
  trail_distance_km: "goal-trail-distance",
  trail_elevation_m: "goal-trail-elevation",
  start: "goal-start-date",
  race_date: "goal-race-date",
  weeks: "goal-weeks",
  target_time: "goal-target-time",
  just_finish: "goal-just-finish",
  race_distance_km: "level-race-distance",
  race_time: "level-race-time",
  weekly_km: "level-weekly-km",
  longest_km: "level-longest-km",
  years: "level-years",
  long_run_day: "long-run-day",
  max_session_min: "max-session-min",
  max_long_run_min: "max-long-run-min",
  intensity: "pref-intensity",
  cross_training: "pref-cross-training",
  treadmill: "pref-treadmill",
  injury_history: "constraint-injury",
  min_rest_days: "constraint-rest-days",
  name: "plan-name",
};

export function GoalWizard({ onCreated, onCancel }: { onCreated: (plan: PlanView) => void; onCancel?: () => void }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const [active, setActive] = useState(0);
  const stepRef = useRef(0);
  const attempted = useRef(new Set<number>());
  const schemas = useMemo(() => goalStepSchemas(todayIso()), []);
  const resolver = useCallback<Resolver<GoalFormValues>>(
    (values, ctx, opts) => {
      const run = zodResolver(schemas[WIZARD_STEPS[stepRef.current]] as never, undefined, { raw: true }) as unknown as Resolver<GoalFormValues>;
      return run(values, ctx, opts);
    },
    [schemas],
  );
  const form = useForm<GoalFormValues>({ resolver, defaultValues: defaultGoalForm() });
  const { register, control, trigger, setError, getValues, reset, setValue, formState } = form;
  const errors = formState.errors;
  const values = useWatch({ control }) as GoalFormValues;
  const step = WIZARD_STEPS[active];

  const go = useCallback((index: number) => {
    stepRef.current = index;
    setActive(index);
  }, []);

  // After a refused "Next", every change re-checks the step, so fixed errors clear at once.
  useEffect(() => {
    const sub = form.watch((_v, { name }) => {
      if (name && attempted.current.has(stepRef.current)) void trigger();
    });
    return () => sub.unsubscribe();
  }, [form, trigger]);

  const next = async () => {
    attempted.current.add(active);
    if (await trigger()) go(active + 1);
  };

  const errorNode = (field: GoalField): ReactNode => {
    const e = errors[field] as FieldError | undefined;
    if (!e?.message) return undefined;
    const text = e.type === "server" ? e.message : t(e.message, goalMessageParams(field));
    return (
      <span data-testid={`goal-error-${field}`} lang={e.type === "server" ? "en" : undefined}>
        {text}
      </span>
    );
  };

  const text = (field: GoalField, extra: Record<string, unknown> = {}) => ({
    ...register(field),
    label: t(`plan.wizard.fields.${field}`),
    error: errorNode(field),
    "data-testid": FIELD_TEST_ID[field],
    ...extra,
  });

  // --- The review step: the goal checked live, then created ---------------------------
  const [check, setCheck] = useState<CheckState>({ kind: "idle" });
  const [createError, setCreateError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const checkSeq = useRef(0);

  /** Puts a backend refusal under its field; returns its step, or null when it names none the form has. */
  const placeServerError = useCallback(
    (error: ApiError): WizardStep | null => {
      if (error.code !== "invalid_input") return null;
      const target = serverErrorTarget(error.field, getValues());
      if (!target) return null;
      setError(target.field, { type: "server", message: error.message });
      return target.step;
    },
    [getValues, setError],
  );

  useEffect(() => {
    if (step !== "review") return;
    const seq = ++checkSeq.current;
    setCheck({ kind: "checking" });
    setCreateError(null);
    commands
      .checkGoal(formToGoal(getValues()))
      .then((res) => {
        if (seq !== checkSeq.current) return;
        if (res.status === "ok") setCheck({ kind: "ok", warnings: res.data });
        else {
          placeServerError(res.error);
          setCheck({ kind: "error", error: res.error });
        }
      })
      .catch((e: unknown) => seq === checkSeq.current && setCheck({ kind: "error", error: toApiError(e) }));
  }, [step, getValues, placeServerError]);

  const create = async () => {
    const v = getValues();
    const bad = firstInvalidStep(v);
    if (bad) {
      attempted.current.add(WIZARD_STEPS.indexOf(bad));
      go(WIZARD_STEPS.indexOf(bad));
      await trigger();
      return;
    }
    setCreating(true);
    setCreateError(null);
    try {
      const res = await commands.createPlan(v.name.trim() === "" ? null : v.name.trim(), formToGoal(v));
      if (res.status === "ok") {
        notifications.show({ color: "teal", icon: <IconCheck size={18} />, message: t("plan.wizard.created", { name: res.data.goal_name }) });
        onCreated(res.data);
        return;
      }
      const at = placeServerError(res.error);
      if (at && at !== "review") go(WIZARD_STEPS.indexOf(at));
      else setCreateError(res.error.message);
    } catch (e) {
      setCreateError(toApiError(e).message);
    } finally {
      setCreating(false);
    }
  };

  const checkErrorTarget = check.kind === "error" ? serverErrorTarget(check.error.field, values) : null;

  return (
    <Card withBorder radius="lg" padding="xl" data-testid="goal-wizard" data-step={step}>
      <Stack gap="lg">
        <Stack gap={4}>
          <Title order={3}>{t("plan.wizard.title")}</Title>
          <Text size="sm" c="dimmed">
            {t("plan.wizard.intro")}
          </Text>
        </Stack>
        <Stepper active={active} onStepClick={(i) => i < active && go(i)} allowNextStepsSelect={false} size="sm" data-testid="wizard-stepper">
          {WIZARD_STEPS.map((s) => (
            <Stepper.Step key={s} label={t(`plan.wizard.steps.${s}.label`)} data-testid={`wizard-step-${s}`}>
              <Stack gap="md" pt="md">
                <Text size="sm" c="dimmed" data-testid="wizard-explain">
                  {t(`plan.wizard.steps.${s}.explain`)}
                </Text>
                {s === "goal" && (
                  <GoalStep
                    values={values}
                    onKind={(k) => setValue("kind", k, { shouldDirty: true })}
                    kindError={errorNode("kind")}
                    text={text}
                    onTemplate={(form) => reset({ ...form, name: getValues("name") })}
                  />
                )}
                {s === "dates" && <DatesStep values={values} text={text} control={control} errorNode={errorNode} />}
                {s === "level" && <LevelStep values={values} text={text} setValue={setValue} />}
                {s === "availability" && <AvailabilityStep values={values} text={text} setValue={setValue} errorNode={errorNode} />}
                {s === "preferences" && <PreferencesStep text={text} control={control} />}
                {s === "review" && (
                  <Stack gap="md">
                    <Summary values={values} locale={locale} />
                    {check.kind === "checking" && (
                      <Group gap="xs" data-testid="goal-checking">
                        <Loader size="xs" />
                        <Text size="sm" c="dimmed">
                          {t("plan.wizard.review.checking")}
                        </Text>
                      </Group>
                    )}
                    {check.kind === "ok" && check.warnings.length === 0 && (
                      <Text size="sm" c="teal" data-testid="goal-no-warnings">
                        {t("plan.wizard.review.noWarnings")}
                      </Text>
                    )}
                    {check.kind === "ok" && <WarningList warnings={check.warnings} testId="goal-warnings" itemTestId="goal-warning" />}
                    {check.kind === "error" && (
                      <Alert
                        color="red"
                        variant="light"
                        icon={<IconAlertTriangle size={18} />}
                        title={t("plan.wizard.review.checkError")}
                        data-testid="goal-check-error"
                        data-field={check.error.field ?? ""}
                      >
                        <Stack gap="xs" align="flex-start">
                          {checkErrorTarget && (
                            <Text size="sm">
                              {t("plan.wizard.review.inStep", {
                                step: t(`plan.wizard.steps.${checkErrorTarget.step}.label`),
                                field: t(`plan.wizard.fields.${checkErrorTarget.field}`),
                              })}
                            </Text>
                          )}
                          <Text size="sm" lang="en">
                            {check.error.message}
                          </Text>
                          {checkErrorTarget && checkErrorTarget.step !== "review" && (
                            <Button size="xs" variant="light" color="red" onClick={() => go(WIZARD_STEPS.indexOf(checkErrorTarget.step))} data-testid="goal-check-fix">
                              {t("plan.wizard.review.fix", { step: t(`plan.wizard.steps.${checkErrorTarget.step}.label`) })}
                            </Button>
                          )}
                        </Stack>
                      </Alert>
                    )}
                    <TextInput {...text("name")} placeholder={t("plan.wizard.review.namePlaceholder")} description={t("plan.wizard.hints.name")} maw={420} />
                    {createError && (
                      <Alert color="red" variant="light" title={t("plan.wizard.review.createError")} data-testid="create-error">
                        <span lang="en">{createError}</span>
                      </Alert>
                    )}
                  </Stack>
                )}
              </Stack>
            </Stepper.Step>
          ))}
        </Stepper>
        <Group justify="space-between">
          <Group gap="sm">
            <Button variant="default" onClick={() => go(active - 1)} disabled={active === 0} data-testid="wizard-back">
              {t("plan.wizard.back")}
            </Button>
            {onCancel && (
              <Button variant="subtle" color="gray" onClick={onCancel} data-testid="wizard-cancel">
                {t("plan.wizard.cancel")}
              </Button>
            )}
          </Group>
          {step === "review" ? (
            <Button onClick={() => void create()} loading={creating} data-testid="create-plan">
              {t("plan.wizard.create")}
            </Button>
          ) : (
            <Button onClick={() => void next()} data-testid="wizard-next">
              {t("plan.wizard.next")}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

type TextProps = (field: GoalField, extra?: Record<string, unknown>) => Record<string, unknown>;
type SetValue = ReturnType<typeof useForm<GoalFormValues>>["setValue"];
type Control = ReturnType<typeof useForm<GoalFormValues>>["control"];

/** A card chosen like a radio button. */
function ChoiceCard({ selected, onClick, title, body, testId }: { selected: boolean; onClick: () => void; title: string; body: string; testId: string }) {
  return (
    <UnstyledButton
      role="radio"
      aria-checked={selected}
      onClick={onClick}
      data-testid={testId}
      data-selected={selected || undefined}
      style={{
        border: `${selected ? 2 : 1}px solid ${selected ? "var(--mantine-primary-color-filled)" : "var(--mantine-color-default-border)"}`,
        borderRadius: "var(--mantine-radius-md)",
        padding: "var(--mantine-spacing-sm) var(--mantine-spacing-md)",
        background: selected ? "var(--mantine-primary-color-light)" : undefined,
      }}
    >
      <Text fw={600} size="sm">
        {title}
      </Text>
      <Text size="xs" c="dimmed">
        {body}
      </Text>
    </UnstyledButton>
  );
}

function GoalStep({
  values,
  onKind,
  kindError,
  text,
  onTemplate,
}: {
  values: GoalFormValues;
  onKind: (k: GoalFormValues["kind"]) => void;
  kindError: ReactNode;
  text: TextProps;
  onTemplate: (form: GoalFormValues) => void;
}) {
  const { t } = useTranslation();
  const [templates, setTemplates] = useState<PlanTemplate[]>([]);
  const [chosen, setChosen] = useState("");

  useEffect(() => {
    let live = true;
    Promise.resolve()
      .then(() => commands.listPlanTemplates())
      .then((res) => live && res?.status === "ok" && setTemplates(res.data))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, []);

  const applyTemplate = async (id: string) => {
    setChosen(id);
    if (!id) return;
    try {
      const res = await commands.goalFromTemplate(Number(id), values.start || todayIso());
      if (res.status === "ok") {
        onTemplate(goalToForm(res.data));
        const name = templates.find((x) => String(x.id) === id)?.name ?? "";
        notifications.show({ color: "teal", message: t("plan.wizard.template.loaded", { name }) });
      } else notifications.show({ color: "red", title: t("plan.wizard.template.error"), message: res.error.message });
    } catch (e) {
      notifications.show({ color: "red", title: t("plan.wizard.template.error"), message: toApiError(e).message });
    }
  };

  const deleteTemplate = async (id: number) => {
    try {
      const res = await commands.deletePlanTemplate(id);
      if (res.status === "ok") {
        setTemplates((list) => list.filter((x) => x.id !== id));
        setChosen("");
        notifications.show({ color: "gray", message: t("plan.wizard.template.deleted") });
      } else notifications.show({ color: "red", title: t("plan.wizard.template.error"), message: res.error.message });
    } catch (e) {
      notifications.show({ color: "red", title: t("plan.wizard.template.error"), message: toApiError(e).message });
    }
  };

  return (
    <Stack gap="md">
      {templates.length > 0 && (
        <Group align="flex-end" gap="xs">
          <NativeSelect
            label={t("plan.wizard.template.label")}
            description={t("plan.wizard.template.hint")}
            value={chosen}
            onChange={(e) => void applyTemplate(e.currentTarget.value)}
            data={[{ value: "", label: t("plan.wizard.template.none") }, ...templates.map((x) => ({ value: String(x.id), label: x.name }))]}
            w={420}
            data-testid="goal-template"
          />
          {chosen && (
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              onClick={() => void deleteTemplate(Number(chosen))}
              aria-label={t("plan.wizard.template.delete")}
              title={t("plan.wizard.template.delete")}
              data-testid="goal-template-delete"
            >
              <IconTrash size={18} />
            </ActionIcon>
          )}
        </Group>
      )}
      <Input.Wrapper error={kindError}>
        <SimpleGrid cols={{ base: 2, md: 3 }} spacing="sm" role="radiogroup" aria-label={t("plan.wizard.steps.goal.label")}>
          {GOAL_KINDS.map((k) => (
            <ChoiceCard
              key={k}
              selected={values.kind === k}
              onClick={() => onKind(k)}
              title={t(`plan.kind.${k}`)}
              body={t(`plan.kindHint.${k}`)}
              testId={`goal-kind-${k}`}
            />
          ))}
        </SimpleGrid>
      </Input.Wrapper>
      {values.kind === "trail" && (
        <SimpleGrid cols={2} maw={520}>
          <TextInput {...text("trail_distance_km")} inputMode="decimal" placeholder="42" />
          <TextInput {...text("trail_elevation_m")} inputMode="numeric" placeholder="2000" />
        </SimpleGrid>
      )}
    </Stack>
  );
}

function DatesStep({ values, text, control, errorNode }: { values: GoalFormValues; text: TextProps; control: Control; errorNode: (f: GoalField) => ReactNode }) {
  const { t } = useTranslation();
  const base = values.kind === "base_building";
  const weeks = base ? null : planWeeksBetween(values.start, values.race_date);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} maw={620}>
        <TextInput {...text("start")} type="date" description={t("plan.wizard.hints.start")} />
        {base ? (
          <TextInput {...text("weeks")} inputMode="numeric" description={t("plan.wizard.hints.weeks")} />
        ) : (
          <TextInput
            {...text("race_date")}
            type="date"
            description={weeks ? t("plan.wizard.hints.raceWeeks", { count: weeks }) : t("plan.wizard.hints.race_date")}
          />
        )}
      </SimpleGrid>
      {!base && (
        <Group align="flex-start" gap="lg">
          <TextInput
            {...text("target_time")}
            placeholder="1:45:00"
            description={t("plan.wizard.hints.target_time")}
            disabled={values.just_finish}
            w={260}
          />
          <Controller
            control={control}
            name="just_finish"
            render={({ field }) => (
              <Checkbox
                mt={30}
                checked={field.value}
                onChange={(e) => field.onChange(e.currentTarget.checked)}
                label={t("plan.wizard.fields.just_finish")}
                data-testid="goal-just-finish"
                error={errorNode("just_finish")}
              />
            )}
          />
        </Group>
      )}
    </Stack>
  );
}

function LevelStep({ values, text, setValue }: { values: GoalFormValues; text: TextProps; setValue: SetValue }) {
  const { t, i18n } = useTranslation();
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const vdot = values.level_source === "recent_race" ? raceVdot(values) : levelVdot(values);

  const fromActivities = async () => {
    setLoading(true);
    setLoadError(null);
    try {
      const res = await commands.planLevelFromActivities();
      if (res.status === "ok") {
        const l = res.data;
        const opts = { shouldDirty: true } as const;
        setValue("weekly_km", l.weekly_km != null ? String(l.weekly_km) : "", opts);
        setValue("longest_km", l.longest_run_km != null ? String(l.longest_run_km) : "", opts);
        setValue("years", l.experience_years != null ? String(l.experience_years) : "", opts);
        setValue("activities_vdot", l.vdot != null ? String(l.vdot) : "", opts);
      } else setLoadError(res.error.message);
    } catch (e) {
      setLoadError(toApiError(e).message);
    } finally {
      setLoading(false);
    }
  };

  const choose = (source: GoalFormValues["level_source"]) => {
    setValue("level_source", source, { shouldDirty: true });
    if (source === "activities" && values.level_source !== "activities") void fromActivities();
  };

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" role="radiogroup" aria-label={t("plan.wizard.steps.level.label")}>
        {LEVEL_SOURCES.map((s) => (
          <ChoiceCard
            key={s}
            selected={values.level_source === s}
            onClick={() => choose(s)}
            title={t(`plan.wizard.source.${s}.label`)}
            body={t(`plan.wizard.source.${s}.body`)}
            testId={`level-source-${s}`}
          />
        ))}
      </SimpleGrid>
      {values.level_source === "recent_race" && (
        <Group align="flex-start" gap="md">
          <TextInput {...text("race_distance_km")} inputMode="decimal" placeholder="10" description={t("plan.wizard.hints.race_distance_km")} w={220} />
          <TextInput {...text("race_time")} placeholder="45:00" description={t("plan.wizard.hints.race_time")} w={220} />
        </Group>
      )}
      {values.level_source === "activities" && (
        <Group gap="sm">
          <Button variant="light" size="xs" onClick={() => void fromActivities()} loading={loading} data-testid="level-activities-load">
            {t("plan.wizard.activities.reload")}
          </Button>
          {loadError && (
            <Text size="sm" c="red" data-testid="level-activities-error" lang="en">
              {loadError}
            </Text>
          )}
        </Group>
      )}
      {values.level_source !== "declared" && (
        <Text size="sm" data-testid="level-vdot" c={vdot === null ? "dimmed" : undefined}>
          {vdot === null ? t("plan.wizard.noVdot") : t("plan.wizard.vdot", { vdot: fmtNum(vdot, i18n.language, 1) })}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput {...text("weekly_km")} inputMode="decimal" placeholder="30" description={t("plan.wizard.hints.weekly_km")} />
        <TextInput {...text("longest_km")} inputMode="decimal" placeholder="12" description={t("plan.wizard.hints.longest_km")} />
        <TextInput {...text("years")} inputMode="decimal" placeholder="2" description={t("plan.wizard.hints.years")} />
      </SimpleGrid>
    </Stack>
  );
}

function AvailabilityStep({ values, text, setValue, errorNode }: { values: GoalFormValues; text: TextProps; setValue: SetValue; errorNode: (f: GoalField) => ReactNode }) {
  const { t } = useTranslation();
  const toggle = (d: (typeof WEEKDAYS)[number]) => {
    const on = values.days.includes(d);
    const days = on ? values.days.filter((x) => x !== d) : WEEKDAYS.filter((x) => x === d || values.days.includes(x));
    setValue("days", days, { shouldDirty: true });
  };
  return (
    <Stack gap="md">
      <Input.Wrapper label={t("plan.wizard.fields.days")} description={t("plan.wizard.hints.days")} error={errorNode("days")}>
        <Group gap="xs" mt={6} role="group" aria-label={t("plan.wizard.fields.days")}>
          {WEEKDAYS.map((d) => {
            const on = values.days.includes(d);
            return (
              <Button
                key={d}
                size="xs"
                radius="xl"
                variant={on ? "filled" : "default"}
                aria-pressed={on}
                onClick={() => toggle(d)}
                data-testid={`day-${d}`}
                data-selected={on || undefined}
              >
                {t(`plan.weekday.short.${d}`)}
              </Button>
            );
          })}
        </Group>
      </Input.Wrapper>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <NativeSelect
          {...text("long_run_day")}
          description={t("plan.wizard.hints.long_run_day")}
          data={[
            { value: "", label: t("plan.wizard.chooseDay") },
            ...WEEKDAYS.map((d) => ({ value: d, label: t(`plan.weekday.long.${d}`) })),
          ]}
        />
        <TextInput {...text("max_session_min")} inputMode="numeric" description={t("plan.wizard.hints.max_session_min")} />
        <TextInput {...text("max_long_run_min")} inputMode="numeric" description={t("plan.wizard.hints.max_long_run_min")} />
      </SimpleGrid>
    </Stack>
  );
}

function PreferencesStep({ text, control }: { text: TextProps; control: Control }) {
  const { t } = useTranslation();
  const box = (name: "cross_training" | "treadmill" | "injury_history") => (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <Checkbox
          checked={field.value}
          onChange={(e) => field.onChange(e.currentTarget.checked)}
          label={t(`plan.wizard.fields.${name}`)}
          description={t(`plan.wizard.hints.${name}`)}
          data-testid={FIELD_TEST_ID[name]}
        />
      )}
    />
  );
  return (
    <Stack gap="md">
      <NativeSelect
        {...text("intensity")}
        description={t("plan.wizard.hints.intensity")}
        data={INTENSITY_STYLES.map((s) => ({ value: s, label: t(`plan.intensity.${s}`) }))}
        maw={420}
      />
      {box("cross_training")}
      {box("treadmill")}
      {box("injury_history")}
      <TextInput {...text("min_rest_days")} inputMode="numeric" description={t("plan.wizard.hints.min_rest_days")} w={260} />
    </Stack>
  );
}

/** What will be sent, in words. */
function Summary({ values, locale }: { values: GoalFormValues; locale: string }) {
  const { t } = useTranslation();
  const goal = formToGoal(values);
  const base = goal.kind.type === "base_building";
  const weeks = base ? goal.weeks : planWeeksBetween(goal.start, goal.race_date ?? "");
  const target = goalTargetText(goal, t);
  const vdot = goal.level.vdot;
  const rows: [string, ReactNode][] = [
    [t("plan.wizard.review.goal"), goalKindText(goal, t, locale)],
    [
      t("plan.wizard.review.dates"),
      base
        ? t("plan.wizard.review.fromFor", { start: formatDay(goal.start, locale), count: weeks ?? 0 })
        : t("plan.wizard.review.fromTo", { start: formatDay(goal.start, locale), race: formatDay(goal.race_date ?? "", locale), count: weeks ?? 0 }),
    ],
    ...(target ? ([[t("plan.wizard.review.target"), target]] as [string, ReactNode][]) : []),
    [
      t("plan.wizard.review.level"),
      <>
        {t(`plan.wizard.source.${goal.level.source}.label`)} ·{" "}
        {t("plan.wizard.review.levelFigures", {
          km: fmtNum(goal.level.weekly_km ?? 0, locale, 1),
          longest: fmtNum(goal.level.longest_run_km ?? 0, locale, 1),
          years: fmtNum(goal.level.experience_years ?? 0, locale, 1),
        })}
        {vdot != null && <> · {t("plan.wizard.vdot", { vdot: fmtNum(vdot, locale, 1) })}</>}
      </>,
    ],
    [
      t("plan.wizard.review.availability"),
      t("plan.wizard.review.days", {
        days: goal.availability.days.map((d) => t(`plan.weekday.short.${d}`)).join(", "),
        long: t(`plan.weekday.long.${goal.availability.long_run_day}`),
        session: goal.availability.max_session_min,
        longMin: goal.availability.max_long_run_min,
      }),
    ],
    [
      t("plan.wizard.review.preferences"),
      [
        t(`plan.intensity.${goal.preferences.intensity}`),
        goal.preferences.cross_training && t("plan.wizard.fields.cross_training"),
        goal.preferences.treadmill && t("plan.wizard.fields.treadmill"),
        goal.constraints.injury_history && t("plan.wizard.fields.injury_history"),
        t("plan.wizard.review.restDays", { count: goal.constraints.min_rest_days }),
      ]
        .filter(Boolean)
        .join(" · "),
    ],
  ];
  return (
    <Table withRowBorders={false} verticalSpacing={4} data-testid="goal-summary">
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Td w={180}>
              <Badge variant="light" color="gray" radius="sm">
                {k}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{v}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
