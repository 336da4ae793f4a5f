import { Button, Group } from "@mantine/core";
import type { KeyboardEvent } from "react";

/**
 * A row of numbered buttons for a rating scale (RPE 0–10, wellness 1–5).
 * Every rating here is optional, so choosing the selected value again clears it.
 * Arrow keys move the choice, as in a radio group.
 */
export function ScalePicker({
  values,
  value,
  onChange,
  label,
  optionTitle,
  color = () => "blue",
  testId,
  disabled,
}: {
  values: number[];
  value: number | null;
  onChange: (value: number | null) => void;
  /** The group's accessible name. */
  label: string;
  /** What each value means (shown on hover and read by screen readers). */
  optionTitle?: (v: number) => string;
  color?: (v: number) => string;
  testId: string;
  disabled?: boolean;
}) {
  const onKey = (e: KeyboardEvent, v: number) => {
    const i = values.indexOf(v);
    const next = e.key === "ArrowRight" ? values[i + 1] : e.key === "ArrowLeft" ? values[i - 1] : undefined;
    if (next !== undefined) {
      e.preventDefault();
      onChange(next);
    }
  };
  return (
    <Group gap={4} role="radiogroup" aria-label={label} data-testid={testId} data-value={value ?? ""} wrap="wrap">
      {values.map((v) => {
        const selected = v === value;
        return (
          <Button
            key={v}
            size="compact-sm"
            miw={34}
            variant={selected ? "filled" : "default"}
            color={selected ? color(v) : undefined}
            role="radio"
            aria-checked={selected}
            title={optionTitle?.(v)}
            aria-label={optionTitle ? `${v} – ${optionTitle(v)}` : String(v)}
            disabled={disabled}
            onClick={() => onChange(selected ? null : v)}
            onKeyDown={(e) => onKey(e, v)}
            data-testid={`${testId}-${v}`}
          >
            {v}
          </Button>
        );
      })}
    </Group>
  );
}
