import { Alert, Skeleton, Stack } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { KEYED_PROVIDERS, setupOf } from "../../lib/coach";
import { useCoachConfig } from "../../lib/useCoachConfig";
import { ApiKeyField } from "./coach/ApiKeyField";
import { CloudDataSection } from "./coach/CloudDataSection";
import { CoachSettingsForm } from "./coach/CoachSettingsForm";
import { LocalModelSection } from "./coach/LocalModelSection";

/** Settings › Coach: which model answers, how to reach it, its key, what data it may get, the local model. */
export function CoachTab() {
  const { t } = useTranslation();
  const { config, error, loading, set, reload } = useCoachConfig();
  // The chosen provider's key as typed, not saved: only in memory, for listing
  // models. Its field empties it when another provider is chosen.
  const [typedKey, setTypedKey] = useState("");

  if (loading && !config) return <Skeleton h={420} radius="lg" />;
  if (!config)
    return (
      <Alert color="red" variant="light" title={t("coach.configError")} data-testid="coach-settings-load-error">
        {error?.message}
      </Alert>
    );

  return (
    <Stack gap="lg" maw={860}>
      <CoachSettingsForm config={config} onSaved={set} typedKey={typedKey}>
        {(provider) => {
          const setup = setupOf(config, provider);
          return (
            <>
              {KEYED_PROVIDERS.includes(provider) && <ApiKeyField key={provider} setup={setup} onSaved={set} onTyped={setTypedKey} />}
              {setup.cloud && <CloudDataSection setup={setup} onChanged={() => void reload()} />}
              {provider === "local" && <LocalModelSection config={config} onSaved={set} />}
            </>
          );
        }}
      </CoachSettingsForm>
    </Stack>
  );
}
