#if canImport(Glibc)
import Glibc
#endif

/// A reader for Thunderbird's prefs.js and user.js that accepts exactly what Gecko's libpref parser
/// (modules/libpref/parser/src/lib.rs, with Debian's lock_pref patch) accepts, recovers from errors
/// the same way (skip to the next `;`), and records the byte span of every statement and value.

public enum PrefValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case int(Int32)
    case bool(Bool)

    public var description: String {
        switch self {
        case .string(let s): "\"\(s)\""
        case .int(let i): String(i)
        case .bool(let b): String(b)
        }
    }
}

public enum PrefKind: String, Sendable {
    /// `user_pref`: a user value, saved back to prefs.js.
    case user = "user_pref"
    /// `pref`: a default value (Debian builds only, in profile files).
    case `default` = "pref"
    case sticky = "sticky_pref"
    /// `lock_pref`: a locked default (Debian builds only).
    case locked = "lock_pref"
}

public struct PrefStatement: Sendable, Hashable {
    public var kind: PrefKind
    public var name: String
    public var value: PrefValue
    /// From the keyword to the closing `;`.
    public var statement: SourceLocation
    /// The value literal alone.
    public var valueLocation: SourceLocation
}

public struct PrefsDiagnostic: Sendable, Hashable {
    public var message: String
    public var location: SourceLocation
}

public struct PrefsFile: Sendable {
    public var path: String
    public var statements: [PrefStatement]
    /// Parse errors, each one a statement Thunderbird drops (and reports on stderr).
    public var diagnostics: [PrefsDiagnostic]
    /// Whether the file starts with a UTF-8 byte order mark. Thunderbird 153 skips it (seen running
    /// Debian's build), although Gecko's grammar has no place for it.
    public var hasByteOrderMark: Bool
}

public enum PrefsParser {
    public static func parse(_ bytes: [UInt8], path: String) -> PrefsFile {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(bytes: buffer, path: path)
            parser.run()
            let bom = buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
            return PrefsFile(path: path, statements: parser.statements, diagnostics: parser.diagnostics,
                             hasByteOrderMark: bom)
        }
    }
}

private enum Token: Equatable {
    case char(UInt8)
    case keyword(Keyword)
    case string
    case int(Int32)
    case error(TokenError)
    case end
}

/// Tokenizer errors as a plain enum rather than String messages, so that Token stays a trivial
/// value: no reference counting for every token in the hot loop.
private enum TokenError: UInt8 {
    case unterminatedComment, badSlash, unexpectedCharacter, unknownKeyword, badIntegerCharacter
    case integerOverflow, unterminatedString, badHexEscape, badUnicodeEscape, missingLowSurrogate
    case badLowSurrogate, loneLowSurrogate, badEscape

    var message: String {
        switch self {
        case .unterminatedComment: "unterminated /* comment"
        case .badSlash: "expected '/' or '*' after '/'"
        case .unexpectedCharacter: "unexpected character"
        case .unknownKeyword: "unknown keyword"
        case .badIntegerCharacter: "unexpected character in integer literal"
        case .integerOverflow: "integer literal overflowed"
        case .unterminatedString: "unterminated string literal"
        case .badHexEscape: "invalid \\x escape sequence"
        case .badUnicodeEscape: "invalid \\u escape sequence"
        case .missingLowSurrogate: "expected low surrogate after high surrogate"
        case .badLowSurrogate: "invalid low surrogate value after high surrogate"
        case .loneLowSurrogate: "expected high surrogate before low surrogate"
        case .badEscape: "unexpected escape sequence character after '\\'"
        }
    }
}

private enum Keyword: Equatable {
    case pref(PrefKind)
    case bool(Bool)
    case attribute
}

private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    let path: String
    /// A NUL byte ends the file, as in Gecko.
    let end: Int
    var position = 0
    var line = 1
    var lineStart = 0
    var statements: [PrefStatement] = []
    var diagnostics: [PrefsDiagnostic] = []

    // The most recent token's start, and for strings their decoded value.
    var tokenStart = 0
    var tokenLine = 1
    var tokenColumn = 1
    var stringValue = ""

    init(bytes: UnsafeBufferPointer<UInt8>, path: String) {
        self.bytes = bytes
        self.path = path
        var end = bytes.count
        if let base = bytes.baseAddress, let nul = memchr(base, 0, bytes.count) {
            end = UnsafeRawPointer(nul) - UnsafeRawPointer(base)
        }
        self.end = end
    }

    var column: Int { position - lineStart + 1 }

    /// How far into the file to parse before sizing the statements array from the density so far.
    static let reserveAfter = 1 << 16

    mutating func run() {
        if end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            position = 3
            lineStart = 3
        }
        var reserved = false
        while true {
            if !reserved && position >= Self.reserveAfter {
                // Large files: reserve once, from the statement density so far plus a margin, instead
                // of growing by doubling (each growth copies every statement and faults in new pages).
                // Capacity that is never used is never touched, so it costs address space, not memory.
                reserved = true
                let estimate = Double(statements.count) * Double(end) / Double(position) * 1.1
                statements.reserveCapacity(Int(estimate) + 16)
            }
            var token = nextToken()
            if token == .end { return }
            guard case .keyword(.pref(let kind)) = token else {
                token = fail(token, "expected pref specifier at start of pref definition")
                recover(from: token)
                continue
            }
            let start = (tokenStart, tokenLine, tokenColumn)
            if let failure = statement(kind: kind, start: start) { recover(from: failure) }
        }
    }

    /// Parses the rest of one statement; returns the failing token when it must be skipped.
    mutating func statement(kind: PrefKind, start: (Int, Int, Int)) -> Token? {
        var token = nextToken()
        guard token == .char(UInt8(ascii: "(")) else { return fail(token, "expected '(' after pref specifier") }
        token = nextToken()
        guard token == .string else { return fail(token, "expected pref name after '('") }
        let name = stringValue
        token = nextToken()
        guard token == .char(UInt8(ascii: ",")) else { return fail(token, "expected ',' after pref name") }

        token = nextToken()
        let valueStart = (tokenStart, tokenLine, tokenColumn)
        let value: PrefValue
        switch token {
        case .string: value = .string(stringValue)
        case .keyword(.bool(let b)): value = .bool(b)
        case .int(let i): value = .int(i)
        case .char(let sign) where sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+"):
            token = nextToken()
            guard case .int(let magnitude) = token else { return fail(token, "expected integer literal after '\(Character(UnicodeScalar(sign)))'") }
            // Int32.min arrives already negated: its magnitude does not fit in Int32.
            value = .int(sign == UInt8(ascii: "-") && magnitude != Int32.min ? -magnitude : magnitude)
        default: return fail(token, "expected pref value after ','")
        }
        let valueEnd = (position, line, column)

        token = nextToken()
        guard token == .char(UInt8(ascii: ")")) else { return fail(token, "expected ')' after pref value") }
        token = nextToken()
        guard token == .char(UInt8(ascii: ";")) else { return fail(token, "expected ';' after ')'") }

        statements.append(PrefStatement(
            kind: kind, name: name, value: value,
            statement: SourceLocation(file: path, line: start.1, column: start.2, endLine: line, endColumn: column,
                                      byteRange: start.0..<position),
            valueLocation: SourceLocation(file: path, line: valueStart.1, column: valueStart.2,
                                          endLine: valueEnd.1, endColumn: valueEnd.2,
                                          byteRange: valueStart.0..<valueEnd.0)))
        return nil
    }

    /// Records an error at the current token; returns it for recovery. A token that is itself an
    /// error reports its own message. Tokens skipped during recovery report nothing, as in Gecko.
    mutating func fail(_ token: Token, _ message: String) -> Token {
        if case .error(let own) = token { report(own.message) } else { report(message) }
        return token
    }

    mutating func report(_ message: String) {
        diagnostics.append(PrefsDiagnostic(
            message: message,
            location: SourceLocation(file: path, line: tokenLine, column: tokenColumn, endLine: tokenLine,
                                     endColumn: tokenColumn + 1, byteRange: tokenStart..<min(tokenStart + 1, end))))
    }

    /// Skips tokens up to and including the next `;`, like Gecko does after an error.
    mutating func recover(from token: Token) {
        var token = token
        while token != .char(UInt8(ascii: ";")) && token != .end { token = nextToken() }
    }

    // MARK: Tokenizer

    mutating func newline(at index: Int) {
        line += 1
        lineStart = index + 1
    }

    mutating func nextToken() -> Token {
        while position < end {
            let byte = bytes[position]
            // Whitespace is the most common byte between tokens: skip it before the bookkeeping of
            // where a token starts (which only the last iteration before a token needs).
            switch byte {
            case 0x20, 0x09, 0x0B, 0x0C:
                position += 1
                continue
            case 0x0A:
                newline(at: position)
                position += 1
                continue
            case 0x0D:
                if position + 1 < end && bytes[position + 1] == 0x0A { position += 1 }
                newline(at: position)
                position += 1
                continue
            default:
                break
            }
            tokenStart = position
            tokenLine = line
            tokenColumn = column
            switch byte {
            case UInt8(ascii: "#"):
                skipLineComment()
            case UInt8(ascii: "/"):
                if position + 1 < end && bytes[position + 1] == UInt8(ascii: "/") {
                    skipLineComment()
                } else if position + 1 < end && bytes[position + 1] == UInt8(ascii: "*") {
                    if !skipBlockComment() { return .error(.unterminatedComment) }
                } else {
                    position += 1
                    return .error(.badSlash)
                }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                return string(quote: byte)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                return number()
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                return keyword()
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: ";"),
                 UInt8(ascii: "-"), UInt8(ascii: "+"):
                position += 1
                return .char(byte)
            default:
                position += 1
                return .error(.unexpectedCharacter)
            }
        }
        tokenStart = end
        tokenLine = line
        tokenColumn = column
        return .end
    }

    mutating func skipLineComment() {
        while position < end && bytes[position] != 0x0A && bytes[position] != 0x0D { position += 1 }
    }

    /// Returns false when the comment never ends: Gecko then loses the rest of the file.
    mutating func skipBlockComment() -> Bool {
        position += 2
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "*") && position + 1 < end && bytes[position + 1] == UInt8(ascii: "/") {
                position += 2
                return true
            }
            if byte == 0x0A { newline(at: position) }
            else if byte == 0x0D && !(position + 1 < end && bytes[position + 1] == 0x0A) { newline(at: position) }
            position += 1
        }
        return false
    }

    mutating func keyword() -> Token {
        let start = position
        while position < end, isIdentifier(bytes[position]) { position += 1 }
        let word = UnsafeBufferPointer(rebasing: bytes[start..<position])
        switch word.count {
        case 4 where equals(word, "pref"): return .keyword(.pref(.default))
        case 4 where equals(word, "true"): return .keyword(.bool(true))
        case 5 where equals(word, "false"): return .keyword(.bool(false))
        case 9 where equals(word, "user_pref"): return .keyword(.pref(.user))
        case 9 where equals(word, "lock_pref"): return .keyword(.pref(.locked))
        case 11 where equals(word, "sticky_pref"): return .keyword(.pref(.sticky))
        case 6 where equals(word, "locked") || equals(word, "sticky"): return .keyword(.attribute)
        default: return .error(.unknownKeyword)
        }
    }

    mutating func number() -> Token {
        var value: Int64 = 0
        var overflowed = false
        while position < end, bytes[position] >= 0x30 && bytes[position] <= 0x39 {
            value = value * 10 + Int64(bytes[position] - 0x30)
            if value > 2_147_483_648 { overflowed = true; value = 2_147_483_648 }
            position += 1
        }
        if position < end, isIdentifier(bytes[position]) {
            position += 1
            return .error(.badIntegerCharacter)
        }
        if overflowed { return .error(.integerOverflow) }
        if value == 2_147_483_648 {
            // Only valid as the magnitude of a negated literal.
            let negated = statementsSignIsMinus()
            if !negated { return .error(.integerOverflow) }
            return .int(Int32.min)
        }
        return .int(Int32(value))
    }

    /// Whether the byte before this number's token (past whitespace) is a minus sign.
    func statementsSignIsMinus() -> Bool {
        var index = tokenStart - 1
        while index >= 0, [0x20, 0x09, 0x0B, 0x0C, 0x0A, 0x0D].contains(bytes[index]) { index -= 1 }
        return index >= 0 && bytes[index] == UInt8(ascii: "-")
    }

    mutating func string(quote: UInt8) -> Token {
        position += 1
        let contentStart = position
        // Fast path: no escapes. Every byte above '\'' except '\\' is ordinary (names, most values),
        // so one comparison settles most bytes.
        while position < end {
            let byte = bytes[position]
            if byte > UInt8(ascii: "'") && byte != UInt8(ascii: "\\") {
                position += 1
                continue
            }
            if byte == quote {
                stringValue = String(decoding: UnsafeBufferPointer(rebasing: bytes[contentStart..<position]), as: UTF8.self)
                position += 1
                return .string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte == 0x0A { newline(at: position) }
            else if byte == 0x0D && !(position + 1 < end && bytes[position + 1] == 0x0A) { newline(at: position) }
            position += 1
        }
        if position >= end { return .error(.unterminatedString) }
        return escapedString(quote: quote, contentStart: contentStart)
    }

    /// The rest of a string literal from its first backslash (at `position`).
    mutating func escapedString(quote: UInt8, contentStart: Int) -> Token {
        // Every escape is at least as long as what it decodes to, so the text fits in as many bytes as
        // the literal has: decode straight into the String's storage, sized by a scan to the closing
        // quote, with no intermediate array.
        var scan = position
        while scan < end && bytes[scan] != quote { scan += bytes[scan] == UInt8(ascii: "\\") ? 2 : 1 }
        let capacity = min(scan, end) - contentStart
        var failure: TokenError?
        var terminated = false
        let text = String(unsafeUninitializedCapacity: capacity) { out in
            var count = position - contentStart
            out.baseAddress!.update(from: bytes.baseAddress! + contentStart, count: count)
            func put(_ byte: UInt8) {
                precondition(count < capacity, "prefs string decoding overran its literal")
                out[count] = byte
                count += 1
            }
            while position < end {
                let byte = bytes[position]
                if byte == quote {
                    position += 1
                    terminated = true
                    return count
                }
                if byte == UInt8(ascii: "\\") {
                    position += 1
                    guard position < end else { break }
                    let escape = bytes[position]
                    position += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): put(escape)
                    case UInt8(ascii: "n"): put(0x0A)
                    case UInt8(ascii: "r"): put(0x0D)
                    case UInt8(ascii: "x"):
                        guard let value = hexValue(digits: 2), value != 0 else { failure = .badHexEscape; return 0 }
                        put(UInt8(value))
                    case UInt8(ascii: "u"):
                        guard let unit = hexValue(digits: 4), unit != 0 else { failure = .badUnicodeEscape; return 0 }
                        var scalarValue = UInt32(unit)
                        if (0xD800...0xDBFF).contains(unit) {
                            guard position + 1 < end, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                                failure = .missingLowSurrogate
                                return 0
                            }
                            position += 2
                            guard let low = hexValue(digits: 4), (0xDC00...0xDFFF).contains(low) else {
                                failure = .badLowSurrogate
                                return 0
                            }
                            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(unit) {
                            failure = .loneLowSurrogate
                            return 0
                        }
                        UTF8.encode(UnicodeScalar(scalarValue)!) { put($0) }
                    default:
                        failure = .badEscape
                        return 0
                    }
                    continue
                }
                if byte == 0x0A { newline(at: position) }
                else if byte == 0x0D && !(position + 1 < end && bytes[position + 1] == 0x0A) { newline(at: position) }
                put(byte)
                position += 1
            }
            return 0
        }
        if let failure { return stringError(failure, quote: quote) }
        guard terminated else { return .error(.unterminatedString) }
        stringValue = text
        return .string
    }

    /// After a bad escape Gecko still consumes the rest of the string, so recovery starts after it.
    mutating func stringError(_ error: TokenError, quote: UInt8) -> Token {
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\\") { position += 2; continue }
            if byte == 0x0A { newline(at: position) }
            position += 1
            if byte == quote { break }
        }
        position = min(position, end)
        return .error(error)
    }

    mutating func hexValue(digits: Int) -> Int? {
        guard position + digits <= end else { return nil }
        var value = 0
        for _ in 0..<digits {
            let byte = bytes[position]
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte) - 0x30
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte) - 0x61 + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte) - 0x41 + 10
            default: return nil
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }
}

@inline(__always)
private func isIdentifier(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
}

/// `word` is never empty (a keyword starts with a letter); memcmp beats a generic elementsEqual here.
@inline(__always)
private func equals(_ word: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
    word.count == literal.utf8CodeUnitCount && memcmp(word.baseAddress!, literal.utf8Start, word.count) == 0
}

