import { Button, CloseButton, Group, MultiSelect, TextInput } from "@mantine/core";
import { IconFilterOff, IconSearch } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { SportIcon } from "../../components/SportIcon";
import { SPORTS, isSport, type SportKey } from "../../lib/activities/format";

type Props = {
  sports: SportKey[];
  from: string;
  to: string;
  text: string;
  rangeError: boolean;
  filtering: boolean;
  onSports: (s: SportKey[]) => void;
  onFrom: (d: string) => void;
  onTo: (d: string) => void;
  onText: (s: string) => void;
  onClear: () => void;
};

export function ActivityFilters(p: Props) {
  const { t } = useTranslation();
  const data = SPORTS.map((s) => ({ value: s, label: t(`activities.sport.${s}`) }));
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" data-testid="activity-filters">
      <TextInput
        label={t("activities.filters.text")}
        placeholder={t("activities.filters.textPlaceholder")}
        value={p.text}
        onChange={(e) => p.onText(e.currentTarget.value)}
        leftSection={<IconSearch size={16} />}
        rightSection={
          p.text ? <CloseButton size="sm" aria-label={t("activities.filters.clearText")} onClick={() => p.onText("")} /> : null
        }
        w={240}
        data-testid="filter-text"
      />
      <MultiSelect
        label={t("activities.filters.sports")}
        placeholder={p.sports.length === 0 ? t("activities.filters.allSports") : undefined}
        data={data}
        value={p.sports}
        onChange={(v) => p.onSports(v.filter(isSport))}
        renderOption={({ option }) => (
          <Group gap={8} wrap="nowrap">
            <SportIcon sport={option.value} size={16} />
            {option.label}
          </Group>
        )}
        clearable
        w={300}
        comboboxProps={{ withinPortal: true }}
        data-testid="filter-sports"
      />
      <TextInput
        type="date"
        label={t("activities.filters.from")}
        value={p.from}
        onChange={(e) => p.onFrom(e.currentTarget.value)}
        max={p.to || undefined}
        w={160}
        data-testid="filter-from"
      />
      <TextInput
        type="date"
        label={t("activities.filters.to")}
        value={p.to}
        onChange={(e) => p.onTo(e.currentTarget.value)}
        min={p.from || undefined}
        error={p.rangeError ? t("activities.filters.rangeError") : undefined}
        w={160}
        data-testid="filter-to"
      />
      {p.filtering && (
        <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={16} />} onClick={p.onClear} data-testid="filter-clear">
          {t("activities.filters.clear")}
        </Button>
      )}
    </Group>
  );
}
