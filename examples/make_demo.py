#!/usr/bin/env python3
"""Write examples/demo.xml, the KeePass 2 XML source of the demo vault.

The vault itself is made by keepassxc-cli (see make_demo.sh); this script only
writes the XML it imports. Every password here is a made-up demo value.
"""
import base64
import uuid
from xml.sax.saxutils import escape

T = "2023-04-01T09:00:00Z"
REUSED = "Hanami-Spring-2023!"

ENTRIES = [
    # group, title, user, url, password, notes, expires
    # Notes as people write them: an arrow and brackets, a plan that is not
    # yet done, a value before its label and a label followed by は.
    ("ショッピング", "Amazon.co.jp", "hanako@example.jp", "https://www.amazon.co.jp/", REUSED,
     "プライム会員（年払い）\n2段階認証→SMS（090-0000-0000）", None),
    ("ショッピング", "楽天市場", "hanako", "https://www.rakuten.co.jp/", "rakuten123",
     "そのうち2段階認証する", None),
    ("ショッピング", "メルカリ", "hanako@example.jp", "https://jp.mercari.com/", "t9#Vq2!mZr8@Lp4$Wx7^",
     "SMS認証あり\n電話番号は090-0000-0000", None),
    ("Email", "Gmail", "hanako@example.jp", "https://mail.google.com/", REUSED, "", None),
    ("Web", "町内会の掲示板", "hanako", "http://bbs.example.org/login", "Ke7!pQ9#zR2$wM5&nB8*", "", None),
    ("Web", "Old VPN", "hanako", "https://vpn.example.net/", "Xr4@Lm8#Qs2!Tn6$Vb9%", "", "2024-03-31T00:00:00Z"),
    ("Web", "Home router", "admin", "http://192.168.1.1/", "Ro7$ut3r!Ad9#mN2@pQ5", "", None),
]


def b64uuid(n):
    return base64.b64encode(uuid.UUID(f"6b646278-0d00-4000-8000-{n:012x}").bytes).decode()


def times(expires=None):
    return (
        f"<Times><CreationTime>{T}</CreationTime><LastModificationTime>{T}</LastModificationTime>"
        f"<LastAccessTime>{T}</LastAccessTime><ExpiryTime>{expires or T}</ExpiryTime>"
        f"<Expires>{'True' if expires else 'False'}</Expires><UsageCount>0</UsageCount>"
        f"<LocationChanged>{T}</LocationChanged></Times>"
    )


def entry(n, title, user, url, pw, notes, expires):
    def s(k, v, protect=False):
        attr = ' ProtectInMemory="True"' if protect else ""
        return f"<String><Key>{k}</Key><Value{attr}>{escape(v)}</Value></String>"

    return (
        f"<Entry><UUID>{b64uuid(n)}</UUID><IconID>0</IconID>{times(expires)}"
        + s("Notes", notes) + s("Password", pw, True) + s("Title", title) + s("URL", url) + s("UserName", user)
        + "</Entry>"
    )


def main():
    groups = {}
    for i, (g, *rest) in enumerate(ENTRIES, start=1):
        groups.setdefault(g, []).append(entry(i, *rest))
    body = []
    for gi, (g, entries) in enumerate(groups.items(), start=1):
        body.append(
            f"<Group><UUID>{b64uuid(0x100 + gi)}</UUID><Name>{escape(g)}</Name><IconID>48</IconID>{times()}"
            + "".join(entries) + "</Group>"
        )
    xml = (
        '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n'
        "<!-- DEMO ONLY: every password in this file is a made-up value. -->\n"
        "<KeePassFile><Meta><Generator>kdbx-audit demo</Generator><DatabaseName>Demo family vault</DatabaseName>"
        "<RecycleBinEnabled>False</RecycleBinEnabled></Meta><Root>"
        f"<Group><UUID>{b64uuid(0x100)}</UUID><Name>Root</Name><IconID>48</IconID>{times()}"
        + "".join(body) + "</Group></Root></KeePassFile>\n"
    )
    with open("demo.xml", "w", encoding="utf-8") as f:
        f.write(xml)


if __name__ == "__main__":
    main()
