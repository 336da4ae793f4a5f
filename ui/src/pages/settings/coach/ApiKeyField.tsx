import { Alert, Badge, Button, Group, PasswordInput, Stack, Text } from "@mantine/core";
import { IconKey } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import type { CoachConfig, ProviderSetup } from "../../../lib/coach";
import { run } from "../../../lib/ownData";

/**
 * The provider's API key: typed once, sent to the OS keychain, then gone from
 * the page. Afterwards only "key saved" and Remove show; the key never comes back.
 * `onTyped` hands the key being typed to the model list, which may try it before
 * it is saved.
 */
export function ApiKeyField({ setup, onSaved, onTyped }: { setup: ProviderSetup; onSaved: (c: CoachConfig) => void; onTyped?: (key: string) => void }) {
  const { t } = useTranslation();
  const [key, setKeyState] = useState("");
  const setKey = (value: string) => {
    setKeyState(value);
    onTyped?.(value);
  };
  // Leaving the field (another provider chosen) forgets what was typed in it.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => () => onTyped?.(""), []);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const store = async (value: string | null) => {
    setBusy(true);
    setFailure(null);
    const res = await run(() => commands.coachSetApiKey(setup.provider, value));
    setBusy(false);
    setKey("");
    if (res.status === "ok") onSaved(res.data);
    else setFailure(res.error.message);
  };

  return (
    <Stack gap={4} data-testid="coach-api-key">
      {setup.has_key ? (
        <Group gap="sm">
          <Badge color="teal" variant="light" leftSection={<IconKey size={12} />} tt="none" data-testid="coach-api-key-saved">
            {t("coach.settings.key.saved")}
          </Badge>
          <Button size="xs" variant="subtle" color="red" onClick={() => void store(null)} loading={busy} data-testid="coach-api-key-remove">
            {t("coach.settings.key.remove")}
          </Button>
        </Group>
      ) : (
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <PasswordInput
            style={{ flex: 1 }}
            label={t("coach.settings.key.label")}
            description={t("coach.settings.key.hint")}
            value={key}
            autoComplete="off"
            onChange={(e) => setKey(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                if (key.trim()) void store(key.trim());
              }
            }}
            data-testid="coach-api-key-input"
          />
          <Button onClick={() => void store(key.trim())} disabled={!key.trim()} loading={busy} data-testid="coach-api-key-save">
            {t("coach.settings.key.save")}
          </Button>
        </Group>
      )}
      {failure && (
        <Alert color="red" variant="light" data-testid="coach-api-key-error">
          {failure}
        </Alert>
      )}
      {!setup.has_key && (
        <Text size="xs" c="dimmed">
          {t("coach.settings.key.where")}
        </Text>
      )}
    </Stack>
  );
}
