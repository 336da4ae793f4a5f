import type { TFunction } from "i18next";
import type { MeasureKey, Units } from "../bindings";
import { formatNumber } from "./format";
import { KM_PER_MILE, formatPace } from "./pace";

/** A measure value as text with its unit, in the athlete's unit system. */
export function formatMeasure(
  key: MeasureKey,
  value: number,
  t: TFunction,
  locale: string,
  units: Units = "metric",
): string {
  const imperial = units === "imperial";
  switch (key) {
    case "threshold_pace_s_per_km":
      return imperial
        ? t("units.pacePerMile", { pace: formatPace(value * KM_PER_MILE) })
        : t("units.pacePerKm", { pace: formatPace(value) });
    case "vma_kmh":
      return imperial
        ? t("units.mph", { value: formatNumber(value / KM_PER_MILE, locale) })
        : t("units.kmh", { value: formatNumber(value, locale) });
    case "weight_kg":
      return imperial
        ? t("units.lb", { value: formatNumber(value * 2.2046226218, locale) })
        : t("units.kg", { value: formatNumber(value, locale) });
    case "height_cm":
      return t("units.cm", { value: formatNumber(value, locale, 0) });
    case "ftp_w":
      return t("units.watts", { value: formatNumber(value, locale, 0) });
    default:
      return t("units.bpm", { value: formatNumber(value, locale, 0) });
  }
}
