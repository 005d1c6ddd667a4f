#!/usr/bin/env bash
# Adversarial passwords against an ordinary vault of the same size and key
# derivation (issue 20): 10,000 distinct 64-character passwords built from
# zxcvbn's l33t and symbol alphabet, then the ordinary 10,000-entry vault of
# benches/bench.sh. Prints --timings for each and the exit status (2 when
# the --weak-budget-seconds budget left passwords unchecked).
#
# Usage: benches/adversarial.sh [N]   (needs keepassxc-cli; vaults in target/bench)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
OUT=target/bench
mkdir -p "$OUT"
ADV="$OUT/adversarial$N.kdbx"
[[ -f $ADV ]] || python3 benches/make_adversarial_vault.py "$ADV" -n "$N"
ORD="$OUT/bench$N.kdbx"
[[ -f $ORD ]] || python3 tests/fixtures/bench/make_bench_vault.py "$ORD" -n "$N"
cargo build --release -q
BIN=target/release/kdbx-audit
for v in "$ORD" "$ADV"; do
  echo "== $v"
  status=0
  /usr/bin/time -f "%e s elapsed, %U s user" \
    "$BIN" audit "$v" --password-file "${v%.kdbx}.password" --breach off --format json \
    --fail-on never --no-config --timings -o /dev/null || status=$?
  echo "exit status $status"
done
if command -v hyperfine > /dev/null; then
  # Side by side: the target is the adversarial run within 3x the ordinary one.
  hyperfine --warmup 2 --runs 10 \
    -n ordinary "$BIN audit $ORD --password-file ${ORD%.kdbx}.password --breach off --format json --fail-on never --no-config > /dev/null" \
    -n adversarial "$BIN audit $ADV --password-file ${ADV%.kdbx}.password --breach off --format json --fail-on never --no-config > /dev/null"
fi
