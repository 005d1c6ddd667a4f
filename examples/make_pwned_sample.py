#!/usr/bin/env python3
"""Write examples/pwned-sample.txt: a tiny stand-in for the Pwned Passwords
SHA-1 file, in the official downloader's single-file layout (upper-case
`SHA1:COUNT` lines sorted by hash, joined by CRLF), so that the README's quick
start runs the breach check offline.

It is NOT the real corpus: it holds the SHA-1 of a few well-known weak
passwords (among them the demo vault's `rakuten123`) and 3,001 random hashes
that are no password's (one of them in the last range, FFFFF, as in the real
file). The counts are illustrative, not Have I Been Pwned's
figures. For real audits, download the corpus with the official
PwnedPasswordsDownloader or use the online range API (`--breach hibp`).
"""
import hashlib
import os
import random

WEAK = ["123456", "password", "qwerty", "111111", "abc123", "iloveyou",
        "password1", "rakuten123", "sakura", "doraemon"]

rng = random.Random(20261123)
lines = {}
for i, pw in enumerate(WEAK):
    lines[hashlib.sha1(pw.encode()).hexdigest().upper()] = 1000 * (len(WEAK) - i) + rng.randint(1, 999)
while len(lines) < len(WEAK) + 3000:
    lines["%040X" % rng.getrandbits(160)] = rng.randint(1, 50)
# The real corpus always reaches prefix FFFFF; kdbx-audit takes a file that
# stops earlier for a truncated download. One random hash in that range.
lines["FFFFF%035X" % rng.getrandbits(140)] = 1
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pwned-sample.txt")
with open(out, "w", newline="") as f:
    f.write("\r\n".join(f"{h}:{c}" for h, c in sorted(lines.items())))
print("wrote", out, len(lines), "lines")
