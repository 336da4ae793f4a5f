import { Group, NumberInput, Switch, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSettings } from "../../../lib/settings";

export const KEEP_MIN = 1;
export const KEEP_MAX = 365;

/**
 * The automatic daily backup switch and how many of them to keep. Both live in
 * the app settings and are saved through the settings context (not with a
 * direct setSettings call) so that a later change elsewhere, say the theme,
 * does not send back a stale copy of them.
 */
export function AutoBackup() {
  const { t } = useTranslation();
  const { settings, update } = useSettings();
  const saved = settings.backup_keep ?? 7;
  const [keep, setKeep] = useState<string | number>(saved);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setKeep(saved), [saved]);

  const saveKeep = () => {
    const n = typeof keep === "number" ? keep : Number(String(keep).replace(",", "."));
    if (!Number.isInteger(n) || n < KEEP_MIN || n > KEEP_MAX) {
      setError(t("data.backup.keepRange", { min: KEEP_MIN, max: KEEP_MAX }));
      return;
    }
    setError(null);
    if (n !== saved) void update({ backup_keep: n });
  };

  return (
    <Group align="flex-start" gap="xl" wrap="wrap">
      <Switch
        checked={settings.auto_backup ?? false}
        onChange={(e) => void update({ auto_backup: e.currentTarget.checked })}
        label={t("data.backup.auto")}
        description={t("data.backup.autoHint")}
        maw={360}
        data-testid="backup-auto"
      />
      <NumberInput
        label={t("data.backup.keep")}
        description={<Text span size="xs">{t("data.backup.keepHint")}</Text>}
        value={keep}
        onChange={(v) => {
          setKeep(v);
          setError(null);
        }}
        onBlur={saveKeep}
        onKeyDown={(e) => e.key === "Enter" && saveKeep()}
        min={KEEP_MIN}
        max={KEEP_MAX}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="none"
        disabled={!settings.auto_backup}
        error={error}
        w={220}
        data-testid="backup-keep"
      />
    </Group>
  );
}
