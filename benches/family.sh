#!/usr/bin/env bash
# Several vaults in one run: are they unlocked in parallel? Two Argon2id
# vaults (64 MiB, ITER passes, written by pykeepass) audited as a household
# take about as long as one on two cores, and about twice as long on one.
#
# Needs: python3 with pykeepass, hyperfine. Usage: ITER=8 RUNS=10 benches/family.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ITER=${ITER:-8}
RUNS=${RUNS:-10}
OUT=target/bench/family
if [[ ! -f $OUT/household.toml ]]; then
  python3 benches/make_argon2_vaults.py "$OUT" 2 "$ITER"
fi
printf '[[vault]]\nname = "member1"\npath = "member1.kdbx"\npassword_file = "member1.password"\n' > "$OUT/one.toml"
cargo build --release -q
BIN=target/release/kdbx-audit
echo "== machine: $(nproc) cores, $($BIN --version)"
hyperfine -N --warmup 1 --runs "$RUNS" --export-markdown "$OUT/hyperfine.md" \
  -n "one vault" "$BIN audit --family $OUT/one.toml --breach off --format json --fail-on never --no-config" \
  -n "two vaults, parallel (2 threads)" "$BIN audit --family $OUT/household.toml --breach off --format json --fail-on never --no-config" \
  -n "two vaults, one thread" "env RAYON_NUM_THREADS=1 $BIN audit --family $OUT/household.toml --breach off --format json --fail-on never --no-config" \
  -n "keepassxc-cli db-info on both, one after the other" "sh -c 'keepassxc-cli db-info -q $OUT/member1.kdbx < $OUT/member1.password > /dev/null && keepassxc-cli db-info -q $OUT/member2.kdbx < $OUT/member2.password > /dev/null'"
cat "$OUT/hyperfine.md"
