import { Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { RPE_VALUES, rpeAnchor, rpeColor } from "../lib/feedback";
import { ScalePicker } from "./ScalePicker";

/**
 * Borg's CR10 rating of perceived exertion (0–10) with its verbal anchors: the
 * anchor of the chosen value is spelled out under the buttons, the others on hover.
 */
export function RpePicker({
  value,
  onChange,
  testId = "rpe-picker",
  disabled,
}: {
  value: number | null;
  onChange: (value: number | null) => void;
  testId?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const anchor = (v: number) => t(`feedback.rpe.anchors.${rpeAnchor(v)}`);
  return (
    <Stack gap={4}>
      <ScalePicker
        values={RPE_VALUES}
        value={value}
        onChange={onChange}
        label={t("feedback.rpe.label")}
        optionTitle={anchor}
        color={rpeColor}
        testId={testId}
        disabled={disabled}
      />
      <Text size="sm" c={value === null ? "dimmed" : undefined} data-testid={`${testId}-anchor`} aria-live="polite">
        {value === null ? t("feedback.rpe.none") : `${value} – ${anchor(value)}`}
      </Text>
    </Stack>
  );
}
