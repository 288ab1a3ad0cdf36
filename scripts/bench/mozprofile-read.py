#!/usr/bin/env python3
"""The mozprofile side of the parser benchmark.

  mozprofile-read.py time FILE            time one mozprofile.prefs.Preferences.read_prefs(FILE) and
                                          print key=value lines (bytes, prefs, seconds, MB/s)
  mozprofile-read.py compare FILE DUMP    check that mozprofile reads FILE exactly as mua-fix does:
                                          DUMP is `muafix-bench dump FILE`, one [name, value] a line

One read per process, so every read starts from the same state (no warm caches of the tokenizer).
"""
import json
import os
import sys
import time

from mozprofile.prefs import Preferences


def time_read(path):
    start = time.perf_counter()
    prefs = Preferences.read_prefs(path)
    seconds = time.perf_counter() - start
    size = os.path.getsize(path)
    print("bytes=%d" % size)
    print("prefs=%d" % len(prefs))
    print("seconds=%.6f" % seconds)
    print("mb_s=%.6f" % (size / seconds / 1e6))


def compare(path, dump_path):
    theirs = [(name, value) for name, value in Preferences.read_prefs(path)]
    with open(dump_path, encoding="utf-8") as dump:
        ours = [tuple(json.loads(line)) for line in dump]
    if len(theirs) != len(ours):
        sys.exit("mozprofile read %d prefs, mua-fix %d" % (len(theirs), len(ours)))
    for index, (a, b) in enumerate(zip(theirs, ours)):
        # bool is an int in Python: compare types too, so true never equals 1.
        if a != b or type(a[1]) is not type(b[1]):
            sys.exit("pref %d differs: mozprofile %r, mua-fix %r" % (index, a, b))
    print("same=%d" % len(ours))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "time":
        time_read(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
