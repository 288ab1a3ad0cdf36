// Benchmark driver for scripts/bench (not shipped).
//
//   muafix-bench prefs FILE [REPEAT]   read FILE once, parse it REPEAT times (default 10) with
//                                      PrefsParser.parse; print bytes, statements, best/median
//                                      seconds and MB/s (MB = 10^6 bytes)
//   muafix-bench read PATH [REPEAT]    Checker().check(paths: [PATH]) REPEAT times (default 10):
//                                      discovery, reader and rules, no report rendering
//   muafix-bench dump FILE             print every statement as a JSON array [name, value], one a
//                                      line, so scripts/bench can check that mozprofile read the same
//   muafix-bench debug FILE            print the whole parse result (every field of every statement
//                                      and diagnostic), to diff two builds of the parser
//   muafix-bench rss FILE              read and parse FILE once, then print the peak RSS
//                                      (getrusage ru_maxrss); run with an empty file for the baseline
//
// Output is one `key=value` per line so the run script can pick figures out with grep.
#if canImport(Glibc)
import Glibc
#endif
import MuaFixKit

func fail(_ message: String) -> Never {
    let text = "muafix-bench: \(message)\n"
    _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    exit(2)
}

func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Reads a whole file into an exactly sized buffer with plain POSIX calls, so the benchmark measures
/// the parser and not a file API, and the peak RSS holds no growth copies of the input.
func readFile(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { fail("cannot open \(path): \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { fail("cannot stat \(path)") }
    let size = Int(info.st_size)
    return [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
        var filled = 0
        while filled < size {
            let count = read(fd, buffer.baseAddress! + filled, size - filled)
            if count < 0 { fail("cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            filled += count
        }
        initialized = filled
    }
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// A value derived from every statement, printed so the optimizer must keep all the work.
func checksum(_ file: PrefsFile) -> Int {
    var sum = file.diagnostics.count
    let statements = file.statements
    for index in statements.indices {
        sum &+= statements.name(at: index).utf8.count
        switch statements.value(at: index) {
        case .int(let value): sum &+= Int(value)
        case .string(let text): sum &+= text.utf8.count
        case .bool(let flag): sum &+= flag ? 1 : 0
        }
    }
    return sum
}

func repeatCount(_ arguments: [String], at index: Int) -> Int {
    guard arguments.count > index else { return 10 }
    guard let count = Int(arguments[index]), count > 0 else { fail("REPEAT must be a positive integer") }
    return count
}

func benchPrefs(_ path: String, repeats: Int) {
    let bytes = readFile(path)
    var times: [Double] = []
    var decodedTimes: [Double] = []
    var kept: PrefsFile?
    var statements = 0
    var sum = 0
    for _ in 0..<repeats {
        // Free the previous result outside the timed region: the parse is what is measured.
        kept = nil
        let start = now()
        let file = PrefsParser.parse(bytes, path: path)
        let parsed = now()
        // The parser records offsets; names, values and lines are decoded on access. Decoding
        // every one of them too is the figure to compare with a reader that builds them all.
        sum = checksum(file)
        decodedTimes.append(now() - start)
        times.append(parsed - start)
        statements = file.statements.count
        kept = file
    }
    let best = times.min()!
    let middle = median(times)
    let megabytes = Double(bytes.count) / 1e6
    print("bytes=\(bytes.count)")
    print("statements=\(statements)")
    print("diagnostics=\(kept?.diagnostics.count ?? 0)")
    print("checksum=\(sum)")
    print("repeats=\(repeats)")
    print("best_s=\(best)")
    print("median_s=\(middle)")
    print("best_mb_s=\(megabytes / best)")
    print("median_mb_s=\(megabytes / middle)")
    print("decoded_median_s=\(median(decodedTimes))")
}

func benchRead(_ path: String, repeats: Int) {
    var times: [Double] = []
    var accounts = 0
    var findings = 0
    for _ in 0..<repeats {
        let start = now()
        let report = Checker().check(paths: [path], home: "/nonexistent")
        times.append(now() - start)
        if !report.errors.isEmpty { fail("could not read \(path): \(report.errors)") }
        accounts = report.accountCount
        findings = report.findings.count
    }
    print("accounts=\(accounts)")
    print("findings=\(findings)")
    print("repeats=\(repeats)")
    print("best_s=\(times.min()!)")
    print("median_s=\(median(times))")
}

func peakRSS(_ path: String) {
    let bytes = readFile(path)
    let file = PrefsParser.parse(bytes, path: path)
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    // ru_maxrss is in KiB on Linux. Keep the file alive until after the measurement.
    print("bytes=\(bytes.count)")
    print("statements=\(file.statements.count)")
    print("checksum=\(checksum(file))")
    print("maxrss_kib=\(usage.ru_maxrss)")
    // What the parser keeps for each statement (offsets only; strings are decoded on access).
    print("statement_stride=\(PrefsParser.bytesPerStatement)")
}

/// A JSON string literal (no Foundation: the driver stays as light as the code it measures).
func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

func dump(_ path: String) {
    let file = PrefsParser.parse(readFile(path), path: path)
    var out = ""
    for statement in file.statements {
        let value: String
        switch statement.value {
        case .string(let text): value = jsonString(text)
        case .int(let number): value = String(number)
        case .bool(let flag): value = flag ? "true" : "false"
        }
        out += "[\(jsonString(statement.name)), \(value)]\n"
    }
    print(out, terminator: "")
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    fail("usage: muafix-bench prefs FILE [REPEAT] | read PATH [REPEAT] | rss FILE | dump FILE | debug FILE")
}
switch arguments[1] {
case "prefs": benchPrefs(arguments[2], repeats: repeatCount(arguments, at: 3))
case "read": benchRead(arguments[2], repeats: repeatCount(arguments, at: 3))
case "rss": peakRSS(arguments[2])
case "dump": dump(arguments[2])
case "debug":
    let file = PrefsParser.parse(readFile(arguments[2]), path: "input")
    print("bom=\(file.hasByteOrderMark)")
    for statement in file.statements { print(String(reflecting: statement)) }
    for diagnostic in file.diagnostics { print(String(reflecting: diagnostic)) }
default: fail("unknown mode \(arguments[1])")
}
