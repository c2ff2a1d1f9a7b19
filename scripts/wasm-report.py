"""Sums twiggy's item sizes (a release wasm with names, before wasm-opt)
per crate and prints the shares and the largest items. Used by
`scripts/size --report`.

An item is charged to the crate its name starts with; a trait impl
`<A as B>::f` to A's crate, or B's where A is a generic parameter; data
segments and tables are listed as they are."""

import collections
import csv
import re
import sys


def crate_of(name):
    if name.startswith('"') or name.startswith("data[") or name.startswith("elem"):
        return "(data and tables)" if not name.startswith('"') else None
    n = re.sub(r"\[[0-9a-f]+\]", "", name)
    m = re.match(r"<(?:&(?:mut )?|dyn |impl )*([A-Za-z_][\w]*)(?:::[\w:<>, &]*)? as ([A-Za-z_][\w]*)", n)
    if m:
        first, second = m.group(1), m.group(2)
        return second if re.fullmatch(r"[A-Z]", first) or first in ("str", "u8", "u32", "u64", "i64", "usize", "f64", "bool", "char") else first
    m = re.match(r"[<&(]*([A-Za-z_][\w]*)", n)
    return m.group(1) if m else "(other)"


def main(path):
    rows = list(csv.DictReader(open(path)))
    total = 0
    by_crate = collections.Counter()
    items = []
    for r in rows:
        name, size = r["Name"], int(r["ShallowSize"])
        crate = crate_of(name)
        if crate is None:  # custom sections: names, producers
            continue
        if name.startswith("data segment") or name.startswith('data['):
            crate = "(data: strings, tables, CSS)"
        total += size
        by_crate[crate] += size
        items.append((size, re.sub(r"\[[0-9a-f]+\]|::h[0-9a-f]{16}$", "", name)))
    print(f"code and data before wasm-opt: {total / 1000:.1f} KB")
    print(f"{'crate':<34} {'KB':>8} {'share':>7}")
    for crate, size in by_crate.most_common(18):
        print(f"{crate:<34} {size / 1000:8.1f} {100 * size / total:6.1f}%")
    print()
    print("our code by module (what the views' generic instantiations cost is")
    print("counted under tachys and reactive_graph above):")
    by_module = collections.Counter()
    for size, name in items:
        m = re.match(r"<?(payments_(?:console|model)::\w+(?:::\w+)?)", name)
        if m:
            module = m.group(1)
            # Vendors' impls are named by type: charge them to their module.
            module = re.sub(r"::(ReviewRover|BillingPlatform|Whop|TwoCloud|BuiltOn)$", "", module)
            by_module[module] += size
    for module, size in by_module.most_common(24):
        print(f"{module:<44} {size / 1000:8.1f}")
    print()
    print("largest items:")
    for size, name in sorted(items, reverse=True)[:15]:
        print(f"{size / 1000:8.1f} KB  {name[:110]}")


main(sys.argv[1])
