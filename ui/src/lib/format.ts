/** Human-readable byte size with binary units: 1536 → "1.5 KiB". */
export function formatBytes(bytes: number, locale = "en"): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let i = 0;
  while (Math.abs(value) >= 1024 && i < units.length - 1) {
    value /= 1024;
    i += 1;
  }
  const digits = i === 0 ? 0 : value < 10 ? 2 : 1;
  const num = new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  return `${num} ${units[i]}`;
}

/** Today's date in the local time zone as "YYYY-MM-DD". */
export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

/** Formats a number for display without trailing zeros (72.50 → "72.5"). */
export function formatNumber(value: number, locale = "en", maxDigits = 1): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: maxDigits }).format(value);
}
