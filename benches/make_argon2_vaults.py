#!/usr/bin/env python3
"""Write N Argon2id vaults with pykeepass for benches/family.sh: 64 MiB of
memory and ITERATIONS passes (KeePassXC's default memory; parallelism 1),
each holding 200 entries, plus a household file naming them.

Usage: benches/make_argon2_vaults.py OUTDIR N ITERATIONS
TEST-ONLY passwords.
"""
import os
import sys

from pykeepass import create_database
from pykeepass.kdbx_parsing.kdbx4 import kdf_uuids

out, n, iterations = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
os.makedirs(out, exist_ok=True)
members = []
for i in range(n):
    name = "member%d" % (i + 1)
    pw = "test-only-bench-%s-Zq8" % name
    path = os.path.join(out, name + ".kdbx")
    kp = create_database(path, password=pw)
    params = kp.kdbx.header.value.dynamic_header.kdf_parameters.data.dict
    params["$UUID"].value = kdf_uuids["argon2id"]
    params["I"].value = iterations
    params["M"].value = 64 * 1024 * 1024
    params["P"].value = 1
    g = kp.add_group(kp.root_group, "Web")
    for j in range(200):
        kp.add_entry(g, "site %d" % j, "user%d" % j, "Pw-%s-%d-x7!Q" % (name, j % 150),
                     url="https://site%d.example.com/" % j)
    kp.save()
    with open(os.path.join(out, name + ".password"), "w") as f:
        f.write(pw + "\n")
    members.append(name)
with open(os.path.join(out, "household.toml"), "w") as f:
    for name in members:
        f.write('[[vault]]\nname = "%s"\npath = "%s.kdbx"\npassword_file = "%s.password"\n\n'
                % (name, name, name))
print("wrote %d Argon2id vaults (64 MiB, %d iterations) and household.toml in %s"
      % (n, iterations, out))
