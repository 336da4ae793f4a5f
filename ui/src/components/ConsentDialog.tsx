import { Alert, Button, Checkbox, Group, Loader, Modal, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../bindings";
import type { ApiError } from "../lib/api";
import { KNOWN_CONSENT_FIELDS, consentFieldName, providerName, run, type Consent, type PrivacyOverview } from "../lib/ownData";

type Props = {
  /** The cloud provider that would receive the data (e.g. a coach's LLM). */
  provider: string;
  opened: boolean;
  onClose: () => void;
  onGranted: (consent: Consent) => void;
};

/**
 * Asks which kinds of health data may go to a cloud provider, one checkbox
 * each with what it contains. Nothing is pre-ticked except what the athlete
 * already allowed this provider: consent has to be an explicit choice.
 */
export function ConsentDialog({ provider, opened, onClose, onGranted }: Props) {
  const { t } = useTranslation();
  const [overview, setOverview] = useState<PrivacyOverview | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);
  const [checked, setChecked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // The field list and the current consent come from the backend each time the dialog opens.
  useEffect(() => {
    if (!opened) return;
    let alive = true;
    setOverview(null);
    setLoadError(null);
    setFailure(null);
    void run(() => commands.privacyOverview()).then((res) => {
      if (!alive) return;
      if (res.status === "error") return setLoadError(res.error);
      setOverview(res.data);
      const current = res.data.consents.find((c) => c.provider === provider);
      setChecked(current ? current.fields.filter((f) => res.data.consent_fields.includes(f)) : []);
    });
    return () => {
      alive = false;
    };
  }, [opened, provider]);

  const toggle = (field: string, on: boolean) =>
    setChecked((c) => (on ? [...c.filter((f) => f !== field), field] : c.filter((f) => f !== field)));

  const allow = async () => {
    if (!overview) return;
    setBusy(true);
    setFailure(null);
    // Sent in the backend's order, whatever order the boxes were ticked in.
    const fields = overview.consent_fields.filter((f) => checked.includes(f));
    const res = await run(() => commands.grantConsent(provider, fields));
    setBusy(false);
    if (res.status === "ok") onGranted(res.data);
    else setFailure(res.error.message);
  };

  const name = providerName(t, provider);
  return (
    <Modal
      opened={opened}
      onClose={busy ? () => {} : onClose}
      title={t("privacy.consent.title", { provider: name })}
      centered
      size="lg"
      data-testid="consent-dialog"
    >
      <Stack gap="md">
        <Text size="sm">{t("privacy.consent.intro", { provider: name })}</Text>
        {loadError && (
          <Alert color="red" variant="light" title={t("privacy.loadError")} data-testid="consent-load-error">
            {loadError.message}
          </Alert>
        )}
        {!overview && !loadError && <Loader size="sm" aria-label={t("common.loading")} />}
        {overview && (
          <Stack gap="sm" data-testid="consent-fields">
            {overview.consent_fields.map((field) => (
              <Checkbox
                key={field}
                checked={checked.includes(field)}
                onChange={(e) => toggle(field, e.currentTarget.checked)}
                label={consentFieldName(t, field)}
                description={KNOWN_CONSENT_FIELDS.includes(field) ? t(`privacy.fieldHints.${field}`) : undefined}
                data-testid={`consent-field-${field}`}
              />
            ))}
          </Stack>
        )}
        <Text size="xs" c="dimmed">
          {t("privacy.consent.revocable")}
        </Text>
        {failure && (
          <Alert color="red" variant="light" title={t("privacy.consent.error")} data-testid="consent-error">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy} data-testid="consent-cancel">
            {t("data.cancel")}
          </Button>
          <Button onClick={() => void allow()} loading={busy} disabled={!overview || checked.length === 0} data-testid="consent-allow">
            {t("privacy.consent.allow")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
