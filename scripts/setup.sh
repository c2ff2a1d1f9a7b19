# Installs what a fresh machine lacks, from the package registries only,
# and skips whatever is already present. Sourced by scripts/run and
# scripts/test; every function is safe to call again.
#
#   ensure_build_tools   wasm32 target, Trunk, wasm-bindgen CLI, wasm-opt
#   ensure_browser       Chromium and ChromeDriver (Debian packages)
#   ensure_compressors   gzip and brotli, for scripts/size
#   ensure_postgres      PostgreSQL (Debian's package), for the gateway's
#                        shared store in the tests
#   start_postgres       a throwaway cluster on a free port: POSTGRES_URL
#   ensure_oidc_provider npm's oidc-provider, the OpenID provider the
#                        sign-on tests start
#   ensure_axe           npm's axe-core, the accessibility checker the
#                        journeys run

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
export PATH="$HOME/.cargo/bin:$ROOT/tools/node_modules/.bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if [[ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]]; then
    say "Installing Trunk $TRUNK_VERSION (about 10 minutes, once)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
}

ensure_wasm_bindgen() {
  local want
  want="$(wasm_bindgen_version)"
  if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $want" ]]; then
    say "Installing wasm-bindgen-cli $want (a few minutes, once)"
    # Without --locked: the CLI's own lock file names versions the registry lacks.
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
  # Trunk.toml pins the same version; keep the two in step.
  if ! grep -q "wasm_bindgen = \"$want\"" "$ROOT/Trunk.toml"; then
    echo "Trunk.toml pins a wasm-bindgen other than Cargo.lock's $want: update [tools] wasm_bindgen." >&2
    exit 1
  fi
}

# The splitter scripts/build-wasm runs between cargo and wasm-bindgen
# (the one cargo-leptos uses), from crates.io.
WASM_SPLIT_VERSION="0.2.4"
ensure_wasm_split() {
  if [[ ! -x "$HOME/.cargo/bin/wasm-split-cli" ]] ||
    ! grep -qx "$WASM_SPLIT_VERSION" "$HOME/.cargo/wasm-split-cli.version" 2>/dev/null; then
    say "Installing wasm_split_cli_support $WASM_SPLIT_VERSION (a few minutes, once)"
    cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" \
      --features build-binary --force
    echo "$WASM_SPLIT_VERSION" > "$HOME/.cargo/wasm-split-cli.version"
  fi
}

ensure_wasm_opt() {
  if [[ "$("$ROOT/tools/node_modules/.bin/wasm-opt" --version 2>/dev/null || true)" != *"version 132"* ]]; then
    say "Installing binaryen's wasm-opt from npm"
    (cd "$ROOT/tools" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_trunk
  ensure_wasm_bindgen
  ensure_wasm_opt
  ensure_wasm_split
}

apt_install() {
  local sudo=""
  [[ "$(id -u)" == "0" ]] || sudo="sudo"
  if [[ -z "${APT_UPDATED:-}" ]]; then
    $sudo apt-get update -qq
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

ensure_browser() {
  if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    say "Installing Chromium and ChromeDriver"
    apt_install chromium chromium-driver
  fi
  export CHROMEDRIVER=/usr/bin/chromedriver
}

ensure_compressors() {
  if ! command -v brotli >/dev/null || ! command -v gzip >/dev/null; then
    say "Installing gzip and brotli"
    apt_install gzip brotli
  fi
}

# The newest installed PostgreSQL's programs.
postgres_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

ensure_postgres() {
  if [[ -z "$(postgres_bin)" || ! -x "$(postgres_bin)/initdb" ]]; then
    say "Installing PostgreSQL"
    apt_install postgresql
  fi
}

ensure_axe() {
  if [[ ! -f "$ROOT/tests/axe/node_modules/axe-core/axe.min.js" ]]; then
    say "Installing the journeys' accessibility checker (axe-core, from npm)"
    (cd "$ROOT/tests/axe" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

ensure_oidc_provider() {
  if [[ ! -d "$ROOT/tests/oidc-provider/node_modules/oidc-provider" ]]; then
    say "Installing the tests' OpenID provider (oidc-provider, from npm)"
    (cd "$ROOT/tests/oidc-provider" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Makes and starts a throwaway PostgreSQL cluster on a free loopback port
# (as the postgres user when run as root: PostgreSQL refuses root); sets
# POSTGRES_URL, and POSTGRES_STOP to the command that stops it.
start_postgres() {
  ensure_postgres
  local bin dir port
  local -a as=()
  bin="$(postgres_bin)"
  dir="$(mktemp -d)"
  if [[ "$(id -u)" == "0" ]]; then
    chown postgres: "$dir"
    as=(runuser -u postgres --)
  fi
  port="$(free_port)"
  "${as[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off" start >/dev/null
  POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
  POSTGRES_STOP="${as[*]} $bin/pg_ctl -D $dir/data -m immediate stop"
}

# A free TCP port on the loopback interface.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Builds the release console into dist/.
build_console() {
  say "Building the console (release)"
  (cd "$ROOT" && trunk build --release)
  ensure_compressors
  finish_dist "$ROOT/dist"
}

# Readies dist/ to be served like a production site: every module gets a
# content-hashed name (cached for good), the names hosts and the page use
# stay as small loaders that are revalidated (payments-console.js
# re-exports the hashed module; start.js starts it), and every text and
# wasm file gets .br and .gz twins for the server to send as they are.
#
# The split-off screens' modules are hashed first and renamed in
# __wasm_split.js; then one hash of the main wasm, its module and that
# loader names the three, which name each other (the loader imports
# initSync from the very module that imports it, never from a newer one).
finish_dist() { # dist-dir
  local dist="$1" hash js wasm split chunk name
  for chunk in "$dist"/*.wasm; do
    name="$(basename "$chunk" .wasm)"
    [[ "$name" == payments-console_bg ]] && continue
    hash="$(sha256sum "$chunk" | cut -c1-16)"
    mv "$chunk" "$dist/$name-$hash.wasm"
    sed -i "s#\"\./$name\.wasm\"#\"./$name-$hash.wasm\"#" "$dist/__wasm_split.js"
  done
  hash="$(cat "$dist/payments-console_bg.wasm" "$dist/payments-console.js" "$dist/__wasm_split.js" | sha256sum | cut -c1-16)"
  js="payments-console-$hash.js"
  wasm="payments-console_bg-$hash.wasm"
  split="__wasm_split-$hash.js"
  mv "$dist/payments-console_bg.wasm" "$dist/$wasm"
  # Only the import statements name the loader's file; the wasm's own
  # import module ("./__wasm_split.js", the keys of its imports) stays.
  sed "s/payments-console_bg\.wasm/$wasm/g; /^import /s#\./__wasm_split\.js#./$split#" \
    "$dist/payments-console.js" > "$dist/$js"
  sed "s#\"\./payments-console\.js\"#\"./$js\"#" "$dist/__wasm_split.js" > "$dist/$split"
  rm "$dist/__wasm_split.js"
  printf '%s\n' \
    "// The stable name hosts import; the module itself has a content-hashed name." \
    "export * from \"./$js\";" \
    "export { default } from \"./$js\";" > "$dist/payments-console.js"
  sed -i "s#\./payments-console\.js#./$js#; s#\./payments-console_bg\.wasm#./$wasm#" "$dist/start.js"
  # The server's first screen (crates/server/src/snapshot): the console's
  # stylesheet as a file, and the script that writes its values in the
  # browser's locale and zone, both content-hashed (the server finds them
  # by their names' start).
  rm -f "$dist"/snapshot-*
  # The stylesheet as the module carries it, without the rules the first
  # screen never uses (build.rs makes it), from scripts/build-wasm's
  # newest build; the source where none is found.
  local css
  css="$(ls -t "$ROOT"/target/split/wasm32-unknown-unknown/release/build/payments-console-*/out/first-screen.css 2>/dev/null | head -1 || true)"
  [[ -n "$css" ]] || css="$ROOT/style/console.css"
  hash="$(sha256sum "$css" | cut -c1-16)"
  cp "$css" "$dist/snapshot-$hash.css"
  hash="$(sha256sum "$ROOT/web/snapshot.js" | cut -c1-16)"
  cp "$ROOT/web/snapshot.js" "$dist/snapshot-$hash.js"
  # The files of a payment's page's module, which start.js preloads on a
  # first visit to one.
  local detail
  detail="$(python3 "$ROOT/scripts/split-modules.py" "$dist" detail | sed 's/.*/"&"/' | paste -sd, -)"
  sed -i "s#^const DETAIL = \[\];#const DETAIL = [$detail];#" "$dist/start.js"
  # The page preloads the module, its split loader and the wasm by their
  # new names, each with its integrity hash.
  python3 - "$dist" "$js" "$wasm" "$split" <<'PY'
import base64, glob, hashlib, os, re, sys
dist, js, wasm, split = sys.argv[1:]
def sri(name):
    with open(f"{dist}/{name}", "rb") as f:
        return "sha384-" + base64.b64encode(hashlib.sha384(f.read()).digest()).decode()
page = open(f"{dist}/index.html").read()
for old, new in (("payments-console.js", js), ("payments-console_bg.wasm", wasm)):
    page, n = re.subn(r'href="/%s"([^>]*?)integrity="[^"]*"' % re.escape(old),
                      lambda m: 'href="/%s"%sintegrity="%s"' % (new, m.group(1), sri(new)), page)
    assert n == 1, f"index.html preloads {old} {n} times"
# What the module imports is preloaded beside it, so no import waits for
# the module to arrive first: the split loader and wasm-bindgen's snippets.
imported = [split] + sorted(
    os.path.relpath(p, dist) for p in glob.glob(f"{dist}/snippets/*/*.js"))
page = page.replace(
    '<link rel="modulepreload" href="/%s"' % js,
    "".join('<link rel="modulepreload" href="/%s" crossorigin="anonymous" integrity="%s" />\n    '
            % (name, sri(name)) for name in imported)
    + '<link rel="modulepreload" href="/%s"' % js, 1)
# Trunk keeps the link that told it to build no Rust itself: not shipped.
page, n = re.subn(r'\s*<link data-trunk rel="rust" data-trunk-skip[^>]*/>', "", page)
assert n == 1, "index.html's rust link (data-trunk-skip) was not found"
open(f"{dist}/index.html", "w").write(page)
PY
  find "$dist" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.json' \) | while read -r f; do
    brotli -q 11 -f -k -o "$f.br" "$f"
    gzip -9 -f -k -c "$f" > "$f.gz"
  done
}

# Builds the sandbox server and prints its path.
build_server() {
  say "Building the production server"
  (cd "$ROOT" && cargo build -q -p payments-server --profile server)
  echo "$ROOT/target/server/payments-server"
}

build_sandbox() {
  say "Building the sandbox server"
  (cd "$ROOT" && cargo build -q -p payments-sandbox --profile server)
  echo "$ROOT/target/server/payments-sandbox"
}
