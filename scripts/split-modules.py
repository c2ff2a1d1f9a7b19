"""Prints the files the split loader (dist/__wasm_split-*.js) fetches for
one split-off module: the module itself and the chunks it shares with
others, one a line. Used by `scripts/size`.

    python3 scripts/split-modules.py DIST NAME
"""

import glob
import re
import sys


def files_of(dist, name):
    loaders = glob.glob(f"{dist}/__wasm_split-*.js") or glob.glob(f"{dist}/__wasm_split.js")
    if not loaders:
        return []
    text = open(loaders[0]).read()
    # const __chunk_N = makeLoad(() => { ... fetch(new URL("./chunk_N-hash.wasm" ...
    chunks = dict(re.findall(r'const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)"', text))
    m = re.search(
        r'export const __wasm_split_load_%s = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\./([^"]+)".*?\n, \[([^\]]*)\]\)\);'
        % re.escape(name), text, re.S)
    if not m:
        return []
    deps = [d.strip() for d in m.group(2).split(",") if d.strip()]
    return [m.group(1)] + [chunks[d] for d in deps]


if __name__ == "__main__":
    for f in files_of(sys.argv[1], sys.argv[2]):
        print(f)
