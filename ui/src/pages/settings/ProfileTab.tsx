import {
  Alert,
  Button,
  Card,
  Divider,
  Group,
  NativeSelect,
  ScrollArea,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useMemo, useState } from "react";
import { useForm, type FieldError } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { commands, type MeasureKey } from "../../bindings";
import { measureOf, type HistoryEntry, type Profile as ProfileDto } from "../../lib/api";
import { formatMeasure } from "../../lib/display";
import { todayIso } from "../../lib/format";
import {
  FIELD_TEST_ID,
  formToProfileInput,
  isProfileField,
  messageParams,
  profileSchema,
  profileToForm,
  type ProfileField,
  type ProfileFormValues,
} from "../../lib/profileForm";
import { useProfile, useProfileHistory } from "../../lib/useProfile";
import { saveForm, type SaveStatus } from "./saveForm";


const MEASURE_FIELDS: { key: MeasureKey; placeholder: string }[] = [
  { key: "weight_kg", placeholder: "70" },
  { key: "height_cm", placeholder: "175" },
  { key: "max_hr", placeholder: "190" },
  { key: "resting_hr", placeholder: "50" },
  { key: "lthr", placeholder: "170" },
  { key: "ftp_w", placeholder: "250" },
  { key: "threshold_pace_s_per_km", placeholder: "4:30" },
  { key: "vma_kmh", placeholder: "17" },
];

export function ProfileTab() {
  const profile = useProfile();
  const history = useProfileHistory();

  if (profile.loading && !profile.data) return <Skeleton h={420} radius="lg" />;
  if (profile.error && !profile.data) {
    return (
      <Alert color="red" variant="light" data-testid="profile-load-error">
        {profile.error.message}
      </Alert>
    );
  }
  return (
    <Stack gap="lg">
      <ProfileForm
        profile={profile.data}
        onSaved={(p) => {
          profile.setData(p);
          void history.reload();
        }}
      />
      <HistoryTable entries={history.data ?? []} loading={history.loading} />
    </Stack>
  );
}

function ProfileForm({ profile, onSaved }: { profile: ProfileDto | null; onSaved: (p: ProfileDto) => void }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<SaveStatus>("idle");
  const [formError, setFormError] = useState<string | null>(null);
  const resolver = useMemo(() => zodResolver(profileSchema(profile)), [profile]);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ProfileFormValues>({ resolver, defaultValues: profileToForm(profile, todayIso()) });

  useEffect(() => {
    reset(profileToForm(profile, todayIso()));
  }, [profile, reset]);

  const errorNode = (field: ProfileField, error: FieldError | undefined) => {
    if (!error?.message) return undefined;
    // Backend messages are shown as they are; ours are i18n keys.
    const text = error.type === "server" ? error.message : t(error.message, messageParams(field));
    return <span data-testid={`profile-error-${FIELD_TEST_ID[field]}`}>{text}</span>;
  };

  const since = (key: MeasureKey) => {
    const d = measureOf(profile, key);
    if (!d) return t("profile.notSet");
    return <span data-testid={`profile-since-${FIELD_TEST_ID[key]}`}>{t("profile.since", { date: d.effective })}</span>;
  };

  const fieldProps = (field: ProfileField) => ({
    ...register(field),
    "data-testid": `profile-${FIELD_TEST_ID[field]}`,
    error: errorNode(field, errors[field]),
  });

  const onSubmit = (values: ProfileFormValues) =>
    saveForm({
      call: () => commands.updateProfile(formToProfileInput(values, profile)),
      isField: isProfileField,
      setFieldError: (field, message) => setError(field, { type: "server", message }, { shouldFocus: true }),
      setFormError,
      setStatus,
      saved: <span data-testid="profile-saved">{t("profile.saved")}</span>,
      onSaved,
    });

  return (
    <Card withBorder radius="lg" padding="xl">
      <form
        noValidate
        onSubmit={handleSubmit(onSubmit, () => setStatus("idle"))}
        aria-label={t("profile.title")}
        data-testid="profile-form"
      >
        <Stack gap="lg">
          <Stack gap={4}>
            <Title order={3}>{t("profile.title")}</Title>
            <Text size="sm" c="dimmed">
              {t("profile.intro")}
            </Text>
          </Stack>

          <SimpleGrid cols={3} spacing="md" verticalSpacing="md">
            <TextInput label={t("profile.fields.name")} autoComplete="off" maxLength={200} {...fieldProps("name")} />
            <NativeSelect
              label={t("profile.fields.sex")}
              data={[
                { value: "", label: t("profile.sex.unset") },
                { value: "female", label: t("profile.sex.female") },
                { value: "male", label: t("profile.sex.male") },
              ]}
              {...fieldProps("sex")}
            />
            <TextInput
              label={t("profile.fields.birth_year")}
              inputMode="numeric"
              placeholder="1990"
              {...fieldProps("birth_year")}
            />
          </SimpleGrid>

          <Divider label={t("profile.measuresHeading")} labelPosition="left" />

          <SimpleGrid cols={4} spacing="md" verticalSpacing="md">
            {MEASURE_FIELDS.map(({ key, placeholder }) => (
              <TextInput
                key={key}
                label={t(`profile.fields.${key}`)}
                description={since(key)}
                inputMode={key === "threshold_pace_s_per_km" ? "text" : "decimal"}
                placeholder={placeholder}
                {...fieldProps(key)}
              />
            ))}
          </SimpleGrid>

          <Group align="flex-end" justify="space-between">
            <TextInput
              type="date"
              label={t("profile.fields.effective")}
              description={t("profile.effectiveHint")}
              w={260}
              {...fieldProps("effective")}
            />
            <Group gap="md">
              <Text
                size="sm"
                c={status === "error" ? "red" : status === "saved" ? "teal" : "dimmed"}
                data-testid="profile-status"
                data-state={status}
                aria-live="polite"
              >
                {status === "idle" ? "" : t(`profile.status.${status}`)}
              </Text>
              <Button type="submit" loading={isSubmitting} data-testid="profile-save">
                {t("profile.save")}
              </Button>
            </Group>
          </Group>

          {formError && (
            <Alert color="red" variant="light" title={t("profile.saveError")} data-testid="profile-form-error">
              {formError}
            </Alert>
          )}
        </Stack>
      </form>
      <Text size="xs" c="dimmed" mt="md">
        {t("profile.valuesHint", { example: formatMeasure("threshold_pace_s_per_km", 255, t, i18n.language) })}
      </Text>
    </Card>
  );
}

function HistoryTable({ entries, loading }: { entries: HistoryEntry[]; loading: boolean }) {
  const { t, i18n } = useTranslation();
  const sorted = [...entries].sort(
    (a, b) => b.effective.localeCompare(a.effective) || b.recorded_at.localeCompare(a.recorded_at),
  );
  return (
    <Card withBorder radius="lg" padding="xl">
      <Stack gap="sm">
        <Title order={4}>{t("profile.history.title")}</Title>
        {loading && entries.length === 0 ? (
          <Skeleton h={80} />
        ) : sorted.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="profile-history-empty">
            {t("profile.history.empty")}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={320}>
            <Table striped highlightOnHover data-testid="profile-history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("profile.history.measure")}</Table.Th>
                  <Table.Th>{t("profile.history.value")}</Table.Th>
                  <Table.Th>{t("profile.history.effective")}</Table.Th>
                  <Table.Th>{t("profile.history.recorded")}</Table.Th>
                  <Table.Th>{t("profile.history.source")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((e) => (
                  <Table.Tr key={`${e.measure}-${e.effective}-${e.recorded_at}`}>
                    <Table.Td>{t(`measures.short.${e.measure}`)}</Table.Td>
                    <Table.Td>{e.value == null ? "—" : formatMeasure(e.measure, e.value, t, i18n.language)}</Table.Td>
                    <Table.Td>{e.effective}</Table.Td>
                    <Table.Td>{e.recorded_at.replace("T", " ").slice(0, 16)}</Table.Td>
                    <Table.Td>{e.source}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
      </Stack>
    </Card>
  );
}
