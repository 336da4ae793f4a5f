#!/usr/bin/env python3
"""Decodes FIT files with Garmin's official FIT SDK and prints reference values.

These are independent values used by the Rust tests of tempo-import: they
compare our decoder's session totals and stream sample counts against what
Garmin's own SDK (PyPI garmin-fit-sdk 21.218.0) reads from the same files.
The committed output is crates/tempo-import/tests/reference/garmin-sdk.json,
made over the fit/ folder of scripts/fetch-test-corpus.sh:

    pip install garmin-fit-sdk==21.218.0
    python3 scripts/fit-reference.py "$(bash scripts/fetch-test-corpus.sh)/fit" \
        > crates/tempo-import/tests/reference/garmin-sdk.json

Usage: fit-reference.py DIR > out.json. Every *.fit in DIR (not recursive,
suffix matched case-insensitively, sorted by name) becomes one entry keyed by
file name. The SDK runs with its defaults: scale and offset applied,
components and sub-fields expanded, enums as strings, date_time as datetimes,
and heart rates from hr messages merged into records (merge_heart_rates).

Per file:
  integrity              Decoder.check_integrity() (header CRC, file CRC; first
                         file of a chain only; note the SDK also reports false
                         for a header CRC of 0, which the FIT spec allows)
  errors                 the SDK's read() errors, as strings (decoding stops at
                         the first one: e.g. the SDK does not support
                         compressed-timestamp headers, so such files read with
                         no or few records)
  file_type, manufacturer, product, garmin_product   from file_id_mesgs[0]
  record_count, records_with_position, records_with_heart_rate (after the
                         SDK merged hr messages), records_with_power
  records_with_heart_rate_unmerged  same count with merge_heart_rates off,
                         i.e. heart rates carried by record messages themselves
  hr_mesg_count, lap_count, length_count, session_count
  sessions               [{sport, sub_sport, start_time (unix s, UTC),
                         total_elapsed_time, total_timer_time, total_distance,
                         total_ascent, total_descent, avg_heart_rate,
                         max_heart_rate, avg_speed and max_speed (the enhanced_
                         field when present, else the plain one), avg_cadence,
                         avg_power, max_power, total_calories, num_laps}]
  activity_local_offset_s  activity_mesgs[0].local_timestamp - timestamp
Absent values are null; floats are rounded to 3 decimals; keys are sorted.
"""

import datetime as dt
import json
import math
import sys
from pathlib import Path

from garmin_fit_sdk import Decoder, Stream

FIT_EPOCH_S = 631065600  # 1989-12-31T00:00:00Z in unix seconds

SESSION_FIELDS = [
    "sport",
    "sub_sport",
    "start_time",
    "total_elapsed_time",
    "total_timer_time",
    "total_distance",
    "total_ascent",
    "total_descent",
    "avg_heart_rate",
    "max_heart_rate",
    "avg_speed",
    "max_speed",
    "avg_cadence",
    "avg_power",
    "max_power",
    "total_calories",
    "num_laps",
]


def unix_seconds(value):
    """A FIT date_time as unix seconds: datetimes (converted by the SDK) or raw FIT seconds."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return int(value.timestamp())
    if isinstance(value, (int, float)):
        return int(value) + FIT_EPOCH_S
    return None


def clean(value):
    """JSON-safe, deterministic: floats to 3 decimals, NaN/inf to null, other types as strings."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return round(value, 3)
    if isinstance(value, dt.datetime):
        return unix_seconds(value)
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    return str(value)


def present(record, *fields):
    return all(record.get(f) is not None for f in fields)


def session_summary(mesg):
    out = {f: mesg.get(f) for f in SESSION_FIELDS}
    out["start_time"] = unix_seconds(mesg.get("start_time"))
    for f in ("avg_speed", "max_speed"):
        enhanced = mesg.get("enhanced_" + f)
        if enhanced is not None:
            out[f] = enhanced
    return out


def decode(path):
    with open(path, "rb") as f:
        data = f.read()
    # check_integrity() moves the stream; read() does not rewind it: one stream each.
    integrity = Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()

    records = messages.get("record_mesgs", [])
    hr_mesgs = messages.get("hr_mesgs", [])
    hr_unmerged = sum(1 for r in records if present(r, "heart_rate"))
    if hr_mesgs:
        plain, _ = Decoder(Stream.from_byte_array(bytearray(data))).read(merge_heart_rates=False)
        hr_unmerged = sum(1 for r in plain.get("record_mesgs", []) if present(r, "heart_rate"))

    file_id = (messages.get("file_id_mesgs") or [{}])[0]
    offset = None
    activities = messages.get("activity_mesgs") or []
    if activities:
        act = activities[0]
        local, ts = act.get("local_timestamp"), act.get("timestamp")
        if local is not None and ts is not None:
            local_unix = unix_seconds(local)  # local_date_time: raw FIT seconds, not converted
            offset = local_unix - unix_seconds(ts)

    return {
        "integrity": integrity,
        "errors": [str(e) for e in errors],
        "file_type": file_id.get("type"),
        "manufacturer": file_id.get("manufacturer"),
        "product": file_id.get("product"),
        "garmin_product": file_id.get("garmin_product"),
        "record_count": len(records),
        "records_with_position": sum(1 for r in records if present(r, "position_lat", "position_long")),
        "records_with_heart_rate": sum(1 for r in records if present(r, "heart_rate")),
        "records_with_heart_rate_unmerged": hr_unmerged,
        "records_with_power": sum(1 for r in records if present(r, "power")),
        "hr_mesg_count": len(hr_mesgs),
        "lap_count": len(messages.get("lap_mesgs", [])),
        "length_count": len(messages.get("length_mesgs", [])),
        "session_count": len(messages.get("session_mesgs", [])),
        "sessions": [session_summary(s) for s in messages.get("session_mesgs", [])],
        "activity_local_offset_s": offset,
    }


def main(argv):
    if len(argv) != 2:
        print("usage: fit-reference.py DIR > out.json", file=sys.stderr)
        return 2
    folder = Path(argv[1])
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".fit")
    out = {p.name: clean(decode(p)) for p in files}
    json.dump(out, sys.stdout, sort_keys=True, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
