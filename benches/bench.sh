#!/usr/bin/env bash
# Whole-process benchmark: kdbx-audit against keepassxc-cli db-info (which
# computes KeePassXC's own reuse and weak-password statistics) on the same
# vault, side by side, plus peak memory. Results go to docs/performance.md by
# hand, with the output of this script.
#
# Needs: keepassxc-cli (Debian keepassxc), python3, hyperfine (Debian), GNU time.
# Usage: benches/bench.sh            (N=10000 entries, RUNS=10)
#        N=2000 RUNS=5 benches/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000}
RUNS=${RUNS:-10}
OUT=target/bench
mkdir -p "$OUT"
VAULT=$OUT/bench$N.kdbx
PW=$OUT/bench$N.password
if [[ ! -f $VAULT ]]; then
  # keepassxc-cli import without -t: AES-KDF with 1,000,000 rounds, the
  # lightest KDF keepassxc-cli allows (-t accepts 100 ms at least, which is
  # about 5.5 million rounds here).
  python3 tests/fixtures/bench/make_bench_vault.py "$VAULT" -n "$N"
fi
cargo build --release -q
BIN=target/release/kdbx-audit
echo "== machine: $(nproc) cores, $(keepassxc-cli --version | head -1) keepassxc-cli, $($BIN --version)"
echo "== vault: $VAULT ($(stat -c %s "$VAULT") bytes, $N entries)"

# Worst case for the account rules: every entry is a shopping account (every
# group name contains "group"), so every entry's fields and notes are parsed.
printf '[categories.shopping]\nadd-groups = ["group"]\n' > "$OUT/all-shopping.toml"

hyperfine --warmup 1 --runs "$RUNS" --export-markdown "$OUT/hyperfine.md" \
  -n "kdbx-audit audit (2 threads)" "$BIN audit $VAULT --password-file $PW --breach off --format json --fail-on never --no-config > /dev/null" \
  -n "kdbx-audit audit, every entry a shopping account" "$BIN audit $VAULT --password-file $PW --breach off --format json --fail-on never --config $OUT/all-shopping.toml > /dev/null" \
  -n "kdbx-audit audit (1 thread)" "RAYON_NUM_THREADS=1 $BIN audit $VAULT --password-file $PW --breach off --format json --fail-on never --no-config > /dev/null" \
  -n "keepassxc-cli db-info" "keepassxc-cli db-info -q $VAULT < $PW > /dev/null"
cat "$OUT/hyperfine.md"

# The human formats: the same audit as HTML (plan, charts, tables), and a
# saved JSON report rendered again without the vault (`kdbx-audit render`).
"$BIN" audit "$VAULT" --password-file "$PW" --breach off --format json --fail-on never --no-config -o "$OUT/report.json"
hyperfine --warmup 1 --runs "$RUNS" --export-markdown "$OUT/hyperfine-formats.md" \
  -n "audit --format json" "$BIN audit $VAULT --password-file $PW --breach off --format json --fail-on never --no-config > /dev/null" \
  -n "audit --format html" "$BIN audit $VAULT --password-file $PW --breach off --format html --fail-on never --no-config > /dev/null" \
  -n "audit --format markdown" "$BIN audit $VAULT --password-file $PW --breach off --format markdown --fail-on never --no-config > /dev/null" \
  -n "render report.json --format html" "$BIN render $OUT/report.json --format html > /dev/null"
cat "$OUT/hyperfine-formats.md"

echo "== peak memory (GNU time, max RSS)"
/usr/bin/time -f "kdbx-audit: %M KiB max RSS, %e s elapsed, %U s user" \
  "$BIN" audit "$VAULT" --password-file "$PW" --breach off --format json --fail-on never > /dev/null
/usr/bin/time -f "keepassxc-cli db-info: %M KiB max RSS, %e s elapsed, %U s user" \
  keepassxc-cli db-info -q "$VAULT" < "$PW" > /dev/null

echo "== where the time goes (--timings, three runs)"
for _ in 1 2 3; do
  "$BIN" audit "$VAULT" --password-file "$PW" --breach off --format json --fail-on never --no-config --timings > /dev/null
done

echo "== phases (examples/phases.rs)"
cargo run --release -q --example phases -- "$VAULT" "$PW"

echo "== what each found"
"$BIN" audit "$VAULT" --password-file "$PW" --breach off --format json --fail-on never \
  | python3 -c 'import json,sys; r=json.load(sys.stdin); print("kdbx-audit:", r["vaults"][0]["entries_audited"], "audited;", {k:v for k,v in r["summary"].items()}); from collections import Counter; print(dict(Counter(f["rule"] for f in r["findings"])))'
keepassxc-cli db-info -q "$VAULT" < "$PW" | grep -E "entries|passwords|reuse"
