#!/usr/bin/env python3
"""Write a benchmark vault of N distinct adversarial passwords for
benches/adversarial.sh: each 64 characters drawn from zxcvbn's l33t and
symbol alphabet ("4@8({[</369&#!1/|0$5+7%2/"), which makes zxcvbn's l33t
enumeration explode (a whole such password takes 0.1-0.3 s to score here).
Same layout and key derivation as tests/fixtures/bench/make_bench_vault.py's
ordinary vault (keepassxc-cli import, no -t: 1,000,000 AES-KDF rounds), so
the two audits differ only in their passwords.

Usage: benches/make_adversarial_vault.py OUT.kdbx [-n 10000] [--seed 7]
TEST-ONLY passwords.
"""
import argparse
import base64
import os
import random
import subprocess
import tempfile
import uuid
from xml.sax.saxutils import escape

ALPHABET = "4@8({[</369&#!1/|0$5+7%2/"
T0 = "2024-01-15T09:00:00Z"


def times():
    return ("<Times><CreationTime>%s</CreationTime><LastModificationTime>%s</LastModificationTime>"
            "<LastAccessTime>%s</LastAccessTime><ExpiryTime>%s</ExpiryTime><Expires>False</Expires>"
            "<UsageCount>0</UsageCount><LocationChanged>%s</LocationChanged></Times>") % ((T0,) * 5)


def field(k, v, protect=False):
    attr = ' ProtectInMemory="True"' if protect else ""
    return "<String><Key>%s</Key><Value%s>%s</Value></String>" % (k, attr, escape(v))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    seen = set()
    groups = {}
    for i in range(a.n):
        while True:
            pw = "".join(rng.choice(ALPHABET) for _ in range(64))
            if pw not in seen:
                seen.add(pw)
                break
        g = "Group %02d" % (i % 50)
        e = "".join(["<Entry><UUID>%s</UUID><IconID>0</IconID>" % base64.b64encode(
            uuid.UUID(int=rng.getrandbits(128), version=4).bytes).decode(), times(),
            field("Title", "site %d" % i), field("UserName", "user%d" % i),
            field("Password", pw, True), field("URL", "https://site%d.example.com/" % i),
            field("Notes", ""), "</Entry>"])
        groups.setdefault(g, []).append(e)
    body = "".join("<Group><UUID>%s</UUID><Name>%s</Name>%s%s</Group>" % (
        base64.b64encode(uuid.UUID(int=rng.getrandbits(128), version=4).bytes).decode(),
        escape(g), times(), "".join(es)) for g, es in sorted(groups.items()))
    xml = ("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n<KeePassFile><Meta>"
           "<Generator>kdbx-audit bench</Generator><DatabaseName>kdbx-audit adversarial bench (%d entries)"
           "</DatabaseName></Meta><Root><Group><UUID>%s</UUID><Name>Root</Name>%s%s</Group></Root>"
           "</KeePassFile>\n") % (a.n, base64.b64encode(uuid.UUID(int=rng.getrandbits(128), version=4).bytes).decode(),
                                  times(), body)
    password = "test-only-adversarial-bench-R4c8"
    with open(os.path.splitext(a.out)[0] + ".password", "w") as f:
        f.write(password + "\n")
    with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
        f.write(xml)
        src = f.name
    try:
        if os.path.exists(a.out):
            os.remove(a.out)
        subprocess.run(["keepassxc-cli", "import", "-q", "-p", src, a.out],
                       input="%s\n%s\n" % (password, password), text=True, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        os.remove(src)


if __name__ == "__main__":
    main()
