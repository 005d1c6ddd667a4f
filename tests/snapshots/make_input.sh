#!/usr/bin/env bash
# Regenerate the fixed reports the snapshot tests render (input-en.json,
# input-ja.json): a real audit of tests/fixtures/audit.kdbx with the offline
# breach sample, compared with a baseline (the audit of audit-changed.kdbx
# plus one finding that is gone, so that some findings are new and one is
# resolved), with a policy that ignores two findings, and then hostile titles
# written over some entries (HTML, terminal escapes, |, backticks, Markdown
# links, a right-to-left override). The tool's version and the time are
# pinned. Then: UPDATE_SNAPSHOTS=1 cargo test --test it snapshots
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -q
BIN=target/debug/kdbx-audit
F=tests/fixtures
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cat > "$T/policy.toml" <<'TOML'
[[ignore]]
rule = "entry/insecure-url"
group = "Web"
reason = "intranet <b>legacy</b> | until the move"
until = "2999-12-31"
TOML
common=(--breach examples/pwned-sample.txt --fail-on never --format json)
$BIN audit "$F/audit-changed.kdbx" --password-file "$F/audit-changed.password" "${common[@]}" --no-config -o "$T/base.json"
python3 - "$T/base.json" <<'PY'
import json, sys
p = sys.argv[1]
r = json.load(open(p))
gone = dict(r["findings"][0])
gone.update(rule="entry/expired", severity="low", message="The entry expired on 2024-04-01",
            remediation="Change the password on the site and set a new expiry date.",
            entries=[{"vault": r["vaults"][0]["name"], "group": "Old | `stuff`",
                      "title": "<img src=x onerror=alert(1)>", "uuid": "0123456789abcdef0123456789abcdef"}],
            details={"expired_at": "2024-04-01T00:00:00Z"}, fingerprint="",
            translations={"ja": {"message": "2024年4月1日に有効期限が切れています",
                                 "remediation": "サイトでパスワードを変え、新しい有効期限を設定してください。"}})
r["findings"].append(gone)
json.dump(r, open(p, "w"))
PY
for lang in en ja; do
  $BIN audit "$F/audit.kdbx" --password-file "$F/audit.password" "${common[@]}" \
    --config "$T/policy.toml" --lang "$lang" --baseline "$T/base.json" -o "$T/r.json"
  python3 - "$T/r.json" "tests/snapshots/input-$lang.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
hostile = {
    "Gmail": "<script>alert('x')</script>Gmail",
    "Empty": "Empty \x1b[2J\x1b]0;pwned\x07 title",
    "Forum": "Forum | pipe | `code` **bold** [link](http://evil.example/)",
    "Old VPN": "# Old VPN\r\nsecond line",
}
def walk(v):
    if isinstance(v, dict):
        if "uuid" in v and v.get("title") in hostile:
            v["title"] = hostile[v["title"]]
        for x in v.values():
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
walk(r)
r["generated_at"] = "2026-11-23T09:00:00Z"
r["tool"]["version"] = "0.0.0-snapshot"
r["settings"]["baseline"] = "previous.json"
r["settings"]["config"] = "kdbx-audit.toml"
r["vaults"][0]["path"] = "vaults/family.kdbx"
r["baseline"]["generated_at"] = "2026-11-16T09:00:00Z"
json.dump(r, open(sys.argv[2], "w"), ensure_ascii=False, indent=2)
open(sys.argv[2], "a").write("\n")
PY
done
echo "wrote tests/snapshots/input-en.json input-ja.json"
