#!/usr/bin/env python3
"""Writes the message catalogs as the console reads them: each of
locales/<tag>.json as a JSON array of the keys' fingerprint and then every
message in the order of the English file's sorted keys (null where the
language lacks one), so the console reads them without carrying any key's
name. The fingerprint is FNV-1a (64 bits) over each sorted key after a U+0001,
as crates/model/build.rs computes it.

    scripts/catalogs.py OUT_DIR      writes OUT_DIR/<tag>.json for every catalog
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def fingerprint(names):
    h = 0xCBF29CE484222325
    for b in "".join("\x01" + n for n in names).encode():
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def main(out):
    locales = ROOT / "locales"
    names = sorted(json.loads((locales / "en.json").read_text(encoding="utf-8")))
    mark = fingerprint(names)
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(locales.glob("*.json")):
        catalog = json.loads(path.read_text(encoding="utf-8"))
        shipped = [mark] + [catalog.get(n) for n in names]
        text = json.dumps(shipped, ensure_ascii=False, separators=(",", ":"))
        (out / path.name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(pathlib.Path(sys.argv[1]))
