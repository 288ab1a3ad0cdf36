#!/usr/bin/env python3
"""Differential check for parser optimisations: two builds of muafix-bench must print the same
`debug` output (every statement, value, span, diagnostic) for many random, mostly-broken prefs files.

  diff-parsers.py OLD_MUAFIX_BENCH NEW_MUAFIX_BENCH [COUNT] [SEED]

Build OLD from the commit before the change (e.g. `git worktree add` or `git archive | tar -x` into
a scratch folder, then `swift build -c release --product muafix-bench`). Exits 1 on the first
difference and leaves the input in bench-data/diff-failure.js.
"""
import os
import random
import subprocess
import sys

# Fragments that exercise every path of the tokenizer: escapes good and bad, surrogates, numbers at
# the 32-bit edges, every comment form, CR/LF mixes, NUL, BOM, Debian keywords, junk.
FRAGMENTS = [
    'user_pref("a.b", "plain");', "user_pref('s', 'single \"quoted\"');", 'pref("p", 1);',
    'sticky_pref("s", true);', 'lock_pref("l", false);', 'user_pref("n", -2147483648);',
    'user_pref("n", 2147483648);', 'user_pref("n", -2147483649);', 'user_pref("n", +7);',
    'user_pref("n", 123abc);', 'user_pref("e", "\\"\\\\\\n\\r\\x41\\u00e9");', 'user_pref("e", "\\x00");',
    'user_pref("e", "\\xZZ");', 'user_pref("e", "\\u0000");', 'user_pref("e", "\\ud83d\\ude00");',
    'user_pref("e", "\\ud83d");', 'user_pref("e", "\\ude00");', 'user_pref("e", "\\ud83d\\u0041");',
    'user_pref("e", "\\q");', 'user_pref("e", "\\xe9");', 'user_pref("e", "tab\there");',
    'user_pref("multi", "line\none\r\ntwo\rthree");', '// line comment', '# hash comment',
    '/* block\n comment */', '/* unterminated', '/ junk', 'user_pref("x" "y");', 'user_pref(;',
    'user_pref("a", 1, locked);', 'pref("a", 1, sticky);', 'user_pref("a", 1)', 'bogus("a", 1);',
    'user_pref("a",\n\n  1\r\n);', '\x00', '\ufeff', 'user_pref("u", "Աննա");', '"', "'", '\\', ';',
    ')', '(', ',', '-', '+', '0', '99999999999', 'true', 'false', 'user_pref', 'user_pref("',
]
SEPARATORS = ["\n", "\r\n", "\r", " ", "\t", "", "\n\n", "\x0b", "\x0c"]


def random_file(rng):
    parts = []
    for _ in range(rng.randrange(1, 40)):
        fragment = rng.choice(FRAGMENTS)
        if rng.random() < 0.3 and fragment:
            # Cut or splice a fragment to reach the odd states between tokens.
            cut = rng.randrange(len(fragment) + 1)
            fragment = fragment[:cut] if rng.random() < 0.5 else fragment[cut:]
        parts.append(fragment)
        parts.append(rng.choice(SEPARATORS))
    data = "".join(parts).encode("utf-8")
    if rng.random() < 0.1:
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64))) + data
    return data


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    old, new = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 20260501)
    os.makedirs("bench-data", exist_ok=True)
    path = "bench-data/diff-input.js"
    for index in range(count):
        with open(path, "wb") as out:
            out.write(random_file(rng))
        a = subprocess.run([old, "debug", path], capture_output=True)
        b = subprocess.run([new, "debug", path], capture_output=True)
        if (a.returncode, a.stdout) != (b.returncode, b.stdout):
            os.replace(path, "bench-data/diff-failure.js")
            sys.exit("case %d differs (input in bench-data/diff-failure.js)\n--- old\n%s\n--- new\n%s"
                     % (index, a.stdout.decode(errors="replace")[-2000:], b.stdout.decode(errors="replace")[-2000:]))
    print("identical on %d random files" % count)


if __name__ == "__main__":
    main()
