// Benchmark driver: `muafix-bench prefs FILE [REPEAT]` parses FILE REPEAT times and prints
// bytes, statements and the best time, for scripts/bench.
import MuaFixKit
