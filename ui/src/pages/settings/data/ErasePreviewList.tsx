import { Alert, List, Loader, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { commands } from "../../../bindings";
import type { ApiError } from "../../../lib/api";
import { run, type ErasePreview } from "../../../lib/ownData";

/**
 * Loads what erasing `provider` (null: everything) would remove, while `active`.
 * The preview is asked afresh each time a confirmation opens, so it matches the
 * data at that moment.
 */
export function useErasePreview(provider: string | null, active: boolean) {
  const [state, setState] = useState<{ preview: ErasePreview | null; error: ApiError | null }>({
    preview: null,
    error: null,
  });
  useEffect(() => {
    if (!active) return;
    let alive = true;
    setState({ preview: null, error: null });
    void run(() => commands.erasePreview(provider)).then((res) => {
      if (!alive) return;
      setState(res.status === "ok" ? { preview: res.data, error: null } : { preview: null, error: res.error });
    });
    return () => {
      alive = false;
    };
  }, [provider, active]);
  return state;
}

/** The preview's counts and its lines, one per thing that will go. */
export function ErasePreviewList({ preview, error }: { preview: ErasePreview | null; error: ApiError | null }) {
  const { t } = useTranslation();
  if (error)
    return (
      <Alert color="red" variant="light" title={t("data.erase.previewError")} data-testid="erase-preview-error">
        {error.message}
      </Alert>
    );
  if (!preview) return <Loader size="sm" aria-label={t("common.loading")} />;
  return (
    <Stack gap="xs" data-testid="erase-preview">
      <Text size="sm" fw={600} data-testid="erase-preview-counts">
        {t("data.erase.previewCounts", { activities: preview.activities, sources: preview.sources })}
      </Text>
      {preview.items.length > 0 && (
        <List size="sm" spacing={2} withPadding>
          {preview.items.map((item, i) => (
            <List.Item key={i} data-testid="erase-preview-item">
              {item}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
