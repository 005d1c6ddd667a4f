#!/usr/bin/env bash
# Regenerate examples/demo.kdbx with keepassxc-cli (Debian package keepassxc).
# The password in demo.password is a demo-only value.
set -euo pipefail
cd "$(dirname "$0")"
python3 make_demo.py
rm -f demo.kdbx
pw=$(head -n1 demo.password)
printf '%s\n%s\n' "$pw" "$pw" | keepassxc-cli import -q -p demo.xml demo.kdbx
keepassxc-cli ls -R -q demo.kdbx <<<"$pw" >/dev/null
echo "wrote examples/demo.kdbx"
