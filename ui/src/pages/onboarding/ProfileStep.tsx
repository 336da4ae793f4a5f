import { useMemo, useState } from "react";
import { Alert, NativeSelect, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type FieldError } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { commands } from "../../bindings";
import type { Profile } from "../../lib/api";
import { toApiError } from "../../lib/activities/useImport";
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

/** The form's id: the stepper's "Next" button submits it from outside. */
export const PROFILE_FORM_ID = "onboarding-profile-form";

/**
 * Step 2: the profile essentials (name, sex, birth year, weight, max and resting
 * HR), all optional; thresholds wait for Settings → Profile. Saves through
 * updateProfile (only what was typed), then calls `onDone`.
 */
export function ProfileStep({ profile, onDone }: { profile: Profile | null; onDone: (p: Profile | null) => void }) {
  const { t } = useTranslation();
  const [formError, setFormError] = useState<string | null>(null);
  const resolver = useMemo(() => zodResolver(profileSchema(profile)), [profile]);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<ProfileFormValues>({ resolver, defaultValues: profileToForm(profile) });

  const errorNode = (field: ProfileField, error: FieldError | undefined) => {
    if (!error?.message) return undefined;
    const text = error.type === "server" ? error.message : t(error.message, messageParams(field));
    return <span data-testid={`onboarding-error-${FIELD_TEST_ID[field]}`}>{text}</span>;
  };
  const fieldProps = (field: ProfileField) => ({
    ...register(field),
    "data-testid": `onboarding-${FIELD_TEST_ID[field]}`,
    error: errorNode(field, errors[field]),
  });

  const onSubmit = async (values: ProfileFormValues) => {
    setFormError(null);
    const input = formToProfileInput(values, profile);
    // Nothing typed (every step here is optional): move on without a call.
    if (Object.entries(input).every(([k, v]) => k === "effective" || v === null)) {
      onDone(profile);
      return;
    }
    try {
      const res = await commands.updateProfile(input);
      if (res.status === "ok") onDone(res.data);
      else if (res.error.code === "invalid_input" && isProfileField(res.error.field))
        setError(res.error.field, { type: "server", message: res.error.message }, { shouldFocus: true });
      else setFormError(res.error.message);
    } catch (e) {
      setFormError(toApiError(e).message);
    }
  };

  return (
    <form id={PROFILE_FORM_ID} noValidate onSubmit={handleSubmit(onSubmit)} aria-label={t("onboarding.steps.profile.label")}>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <TextInput label={t("profile.fields.name")} autoComplete="off" maxLength={200} {...fieldProps("name")} />
          <NativeSelect
            label={t("profile.fields.sex")}
            description={t("onboarding.profile.sexHint")}
            data={[
              { value: "", label: t("profile.sex.unset") },
              { value: "female", label: t("profile.sex.female") },
              { value: "male", label: t("profile.sex.male") },
            ]}
            {...fieldProps("sex")}
          />
          <TextInput label={t("profile.fields.birth_year")} inputMode="numeric" placeholder="1990" {...fieldProps("birth_year")} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <TextInput label={t("profile.fields.weight_kg")} inputMode="decimal" placeholder="70" {...fieldProps("weight_kg")} />
          <TextInput label={t("profile.fields.max_hr")} inputMode="numeric" placeholder="190" {...fieldProps("max_hr")} />
          <TextInput label={t("profile.fields.resting_hr")} inputMode="numeric" placeholder="50" {...fieldProps("resting_hr")} />
        </SimpleGrid>
        {formError && (
          <Alert color="red" variant="light" title={t("profile.saveError")} data-testid="onboarding-profile-error">
            {formError}
          </Alert>
        )}
      </Stack>
    </form>
  );
}
