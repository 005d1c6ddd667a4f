#!/usr/bin/env bash
# Breach-check benchmarks for docs/performance.md (issue 3). Prints
# everything; results go to docs/performance.md by hand with this output.
#
#   benches/breach.sh                      (LINES=20000000 RUNS=5)
#   LINES=2000000 RUNS=3 benches/breach.sh (quicker)
#
# Needs: keepassxc-cli (Debian keepassxc), hyperfine (Debian), python3,
# GNU time, about 2 GB free under target/bench per 20 million lines, and
# root for the cold-cache figures (drop_caches; skipped otherwise).
#
# 1. Offline, side by side on one vault and one corpus: kdbx-audit with the
#    downloader's single file (binary search), with an index, and with the
#    check off, against `keepassxc-cli analyze --hibp FILE` (a full scan).
# 2. Lookup cost alone (examples/breach_lookups.rs) on a corpus 10x smaller
#    and the big one: file and index.
# 3. Index build throughput against `cat FILE > /dev/null`, warm and cold.
# 4. Online: 1,000 distinct prefixes against the test suite's fake range
#    server with 50 ms added latency (examples/hibp_online.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${LINES:-20000000}
SMALL=$((LINES / 10))
RUNS=${RUNS:-5}
N=${N:-1000}
OUT=target/bench
mkdir -p "$OUT"
cargo build --release -q --bin kdbx-audit --example gen_corpus --example breach_lookups --example hibp_online
BIN=target/release/kdbx-audit
EX=target/release/examples
VAULT=$OUT/bench$N.kdbx
PW=$OUT/bench$N.password
[[ -f $VAULT ]] || python3 tests/fixtures/bench/make_bench_vault.py "$VAULT" -n "$N"
# The weak passwords make_bench_vault.py uses, so that the corpus has hits.
WEAK=(123456 password qwerty 111111 abc123 letmein monkey dragon iloveyou sunshine
      princess football 1234 0000 password1 welcome admin passw0rd)
can_drop() { [[ -w /proc/sys/vm/drop_caches ]]; }
drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }

echo "== machine: $(nproc) cores, $(keepassxc-cli --version | head -1) keepassxc-cli, $($BIN --version)"
for L in "$SMALL" "$LINES"; do
  C=$OUT/corpus-$L.txt
  [[ -f $C ]] || "$EX/gen_corpus" "$C" "$L" "${WEAK[@]}"
  echo "== corpus $C: $(stat -c %s "$C") bytes, $(( L + ${#WEAK[@]} )) lines"
done
C=$OUT/corpus-$LINES.txt
CS=$OUT/corpus-$SMALL.txt

echo "== 3. index build throughput (warm page cache: file read once before)"
for F in "$CS" "$C"; do
  cat "$F" > /dev/null
  /usr/bin/time -f "cat > /dev/null (warm): %e s" cat "$F" > /dev/null
  /usr/bin/time -f "breach-index build (warm): %e s, %M KiB max RSS" "$BIN" breach-index build "$F" "${F%.txt}.idx"
  if can_drop; then
    drop; /usr/bin/time -f "cat > /dev/null (cold): %e s" cat "$F" > /dev/null
    drop; /usr/bin/time -f "breach-index build (cold): %e s, %M KiB max RSS" "$BIN" breach-index build "$F" "${F%.txt}.idx"
  fi
  ls -l "${F%.txt}.idx"
  /usr/bin/time -f "breach-index check: %e s" "$BIN" breach-index check "${F%.txt}.idx"
done
I=${C%.txt}.idx
IS=${CS%.txt}.idx

echo "== 2. lookup cost alone: 10,001 lookups (warm)"
for S in "$CS" "$C" "$IS" "$I"; do "$EX/breach_lookups" "$S" 10000; done

echo "== 1. whole runs on $VAULT ($N entries) and $C"
hyperfine --warmup 1 --runs "$RUNS" -i --export-markdown "$OUT/breach-hyperfine.md" \
  -n "kdbx-audit --breach off" "$BIN audit $VAULT --password-file $PW --breach off --format json --fail-on never > /dev/null" \
  -n "kdbx-audit --breach FILE (binary search)" "$BIN audit $VAULT --password-file $PW --breach $C --format json --fail-on never > /dev/null" \
  -n "kdbx-audit --breach INDEX" "$BIN audit $VAULT --password-file $PW --breach $I --format json --fail-on never > /dev/null" \
  -n "keepassxc-cli analyze --hibp FILE" "keepassxc-cli analyze -q --hibp $C $VAULT < $PW > /dev/null" \
  -n "keepassxc-cli analyze --hibp SMALL" "keepassxc-cli analyze -q --hibp $CS $VAULT < $PW > /dev/null" \
  -n "keepassxc-cli analyze --hibp examples/pwned-sample.txt (fixed cost)" "keepassxc-cli analyze -q --hibp examples/pwned-sample.txt $VAULT < $PW > /dev/null"
cat "$OUT/breach-hyperfine.md"
if can_drop; then
  echo "== 1b. the same, cold page cache (one run each)"
  drop; /usr/bin/time -f "kdbx-audit --breach FILE (cold): %e s" "$BIN" audit "$VAULT" --password-file "$PW" --breach "$C" --format json --fail-on never > /dev/null
  drop; /usr/bin/time -f "kdbx-audit --breach INDEX (cold): %e s" "$BIN" audit "$VAULT" --password-file "$PW" --breach "$I" --format json --fail-on never > /dev/null
  drop; /usr/bin/time -f "keepassxc-cli analyze --hibp FILE (cold): %e s" sh -c "keepassxc-cli analyze -q --hibp $C $VAULT < $PW > /dev/null" || true
fi
echo "== what each found"
"$BIN" audit "$VAULT" --password-file "$PW" --breach "$C" --format json --fail-on never \
  | python3 -c 'import json,sys; r=json.load(sys.stdin); c=[c for c in r["checks"] if c["id"]=="breach"][0]; print("kdbx-audit:", sum(f["rule"]=="password/breached" for f in r["findings"]), "breached findings;", c)'
keepassxc-cli analyze -q --hibp "$C" "$VAULT" < "$PW" | grep -c "Password for" || true
echo "(keepassxc-cli analyze also reports entries marked 'exclude from reports' (QualityCheck false); kdbx-audit skips them)"

echo "== 4. online: 1,000 distinct prefixes, fake server, 50 ms latency"
for i in 1 2 3; do "$EX/hibp_online" 1000 50 32; done
"$EX/hibp_online" 1000 50 8
