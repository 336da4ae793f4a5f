#!/usr/bin/env python3
"""FIT decoding speed of Python peers, for scripts/bench-import.sh.

Usage: decode_peers.py DIR [--repeat N]

Decodes every *.fit file under DIR (recursive; suffix matched
case-insensitively, as devices write .FIT) with each peer and prints, as JSON
on stdout:

    {peer: {version, seconds, files, failed, bytes, mb_per_s, files_per_s,
            records, messages}}

seconds is the best of N (default 3) wall times (time.perf_counter) of one
pass over ALL files: open the file, decode every message, count record
messages; nothing is printed. MB is 10^6 bytes. A file whose decoding raises,
or for which the peer reports an error, counts in failed; the messages it had
decoded before that still count.

Peers, each configured to do comparable work (CRC computed, profile applied),
and lenient so that a damaged file costs what its readable part costs:
  garmin-fit-sdk 21.218.0  Garmin's SDK, Decoder.read() with its defaults
                           (scale/offset, components, sub-fields, enum strings,
                           datetimes, CRC check, heart-rate merge); it returns
                           errors instead of raising.
  fitdecode 0.11.0         FitReader with its default data processor,
                           check_crc=READONLY (computed, never raises) and
                           error_handling=IGNORE; reads every frame.
"""

import argparse
import json
import os
import sys
import time
import warnings
from pathlib import Path


def fit_files(root):
    files = [p for p in Path(root).rglob("*") if p.is_file() and p.suffix.lower() == ".fit"]
    return sorted(files)


def garmin_sdk():
    from importlib.metadata import version

    from garmin_fit_sdk import Decoder, Stream

    def decode(path):
        stream = Stream.from_file(str(path))
        try:
            messages, errors = Decoder(stream).read()
        finally:
            stream.close()
        total = sum(len(v) for v in messages.values())
        return len(messages.get("record_mesgs", ())), total, bool(errors)

    return version("garmin-fit-sdk"), decode


def fitdecode_peer():
    import fitdecode

    def decode(path):
        records = total = 0
        failed = False
        try:
            with fitdecode.FitReader(
                str(path),
                check_crc=fitdecode.CrcCheck.READONLY,
                error_handling=fitdecode.ErrorHandling.IGNORE,
            ) as fit:
                for frame in fit:
                    if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                        total += 1
                        if frame.name == "record":
                            records += 1
        except Exception:  # noqa: BLE001 - a damaged file is a failure, not a crash
            failed = True
        return records, total, failed

    return fitdecode.__version__, decode


PEERS = {"garmin-fit-sdk": garmin_sdk, "fitdecode": fitdecode_peer}


def one_pass(decode, files):
    records = messages = failed = 0
    start = time.perf_counter()
    for path in files:
        try:
            r, m, f = decode(path)
        except Exception:  # noqa: BLE001
            r, m, f = 0, 0, True
        records += r
        messages += m
        failed += f
    return time.perf_counter() - start, records, messages, failed


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--peer", action="append", choices=sorted(PEERS), help="only these peers")
    args = ap.parse_args()

    warnings.simplefilter("ignore")
    files = fit_files(args.dir)
    if not files:
        print(f"decode_peers: no .fit file under {args.dir}", file=sys.stderr)
        return 1
    size = sum(os.path.getsize(p) for p in files)

    out = {}
    for name in args.peer or list(PEERS):
        version, decode = PEERS[name]()
        best = None
        for i in range(max(1, args.repeat)):
            seconds, records, messages, failed = one_pass(decode, files)
            print(f"  {name}: pass {i + 1}: {seconds:.3f} s", file=sys.stderr)
            best = seconds if best is None else min(best, seconds)
        out[name] = {
            "version": version,
            "seconds": round(best, 4),
            "files": len(files),
            "failed": failed,
            "bytes": size,
            "mb_per_s": round(size / 1e6 / best, 3),
            "files_per_s": round(len(files) / best, 2),
            "records": records,
            "messages": messages,
        }
    json.dump(out, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
