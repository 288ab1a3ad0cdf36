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

/// Where one statement's parts lie in the file. The parser records only these offsets, so parsing
/// allocates nothing per statement; names, values and line numbers are worked out when asked for.
struct PrefRecord: Sendable {
    enum ValueKind: UInt8 { case string, int, bool }
    var start: UInt32
    var end: UInt32
    /// The name literal, quotes included.
    var nameStart: UInt32
    var nameEnd: UInt32
    /// The value literal (a sign included).
    var valueStart: UInt32
    var valueEnd: UInt32
    /// The value of an int, or 0/1 for a bool.
    var number: Int32
    /// The line the statement starts on; the other lines and columns are counted from it on access.
    var line: UInt32
    var kind: PrefKind
    var valueKind: ValueKind
}

/// The statements of a parsed file, each materialised (name and value decoded, lines counted) on access.
public struct PrefStatements: RandomAccessCollection, Sendable {
    let bytes: [UInt8]
    let path: String
    let records: [PrefRecord]
    /// Where line 1 starts: after a byte order mark, if any.
    let firstLineStart: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { records.count }

    public subscript(index: Int) -> PrefStatement {
        let record = records[index]
        let start = Int(record.start), line = Int(record.line)
        return PrefStatement(
            kind: record.kind, name: name(at: index), value: value(at: index),
            statement: location(start..<Int(record.end), from: start, line: line),
            valueLocation: location(Int(record.valueStart)..<Int(record.valueEnd), from: start, line: line))
    }

    /// The statement's pref name alone, without building the rest of it.
    public func name(at index: Int) -> String {
        decodeLiteral(Int(records[index].nameStart)..<Int(records[index].nameEnd))
    }

    public func kind(at index: Int) -> PrefKind { records[index].kind }

    /// The statement's value alone.
    public func value(at index: Int) -> PrefValue {
        let record = records[index]
        switch record.valueKind {
        case .string: return .string(decodeLiteral(Int(record.valueStart)..<Int(record.valueEnd)))
        case .int: return .int(record.number)
        case .bool: return .bool(record.number != 0)
        }
    }

    /// The text of a quoted literal whose escapes the parser has already validated.
    func decodeLiteral(_ range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { buffer in
            let content = (range.lowerBound + 1)..<(range.upperBound - 1)
            guard buffer[content].contains(UInt8(ascii: "\\")) else {
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[content]), as: UTF8.self)
            }
            var decoded: [UInt8] = []
            decoded.reserveCapacity(content.count)
            var position = content.lowerBound
            while position < content.upperBound {
                let byte = buffer[position]
                position += 1
                if byte == UInt8(ascii: "\\") {
                    _ = decodeEscape(buffer, &position, end: content.upperBound) { decoded.append($0) }
                } else {
                    decoded.append(byte)
                }
            }
            return String(decoding: decoded, as: UTF8.self)
        }
    }

    /// The location of `range`, counting line breaks from `origin`, which is on `line`. Statements
    /// are short, so this costs a few bytes of scanning and no table of line starts.
    func location(_ range: Range<Int>, from origin: Int, line: Int) -> SourceLocation {
        let (startLine, startColumn) = position(of: range.lowerBound, from: origin, line: line)
        let (endLine, endColumn) = position(of: range.upperBound, from: range.lowerBound, line: startLine)
        return SourceLocation(file: path, line: startLine, column: startColumn, endLine: endLine, endColumn: endColumn,
                              byteRange: range)
    }

    /// Line and column of `offset`, given that `origin` (not after it) is on `line`. Line breaks are
    /// counted as the parser counts them: LF, CR, and CRLF as one.
    func position(of offset: Int, from origin: Int, line: Int) -> (line: Int, column: Int) {
        bytes.withUnsafeBufferPointer { buffer in
            var line = line
            var index = origin
            while index < offset {
                let byte = buffer[index]
                if byte == 0x0A || (byte == 0x0D && !(index + 1 < buffer.count && buffer[index + 1] == 0x0A)) { line += 1 }
                index += 1
            }
            var lineStart = offset
            while lineStart > firstLineStart, buffer[lineStart - 1] != 0x0A, buffer[lineStart - 1] != 0x0D { lineStart -= 1 }
            return (line, offset - lineStart + 1)
        }
    }
}

public struct PrefsFile: Sendable {
    public var path: String
    public var statements: PrefStatements
    /// Parse errors, each one a statement Thunderbird drops (and reports on stderr).
    public var diagnostics: [PrefsDiagnostic]
    /// Whether the file starts with a UTF-8 byte order mark. Thunderbird 153 skips it (seen running
    /// Debian's build), although Gecko's grammar has no place for it.
    public var hasByteOrderMark: Bool
}

public enum PrefsParser {
    /// What the parser keeps per statement, for memory budgets.
    public static let bytesPerStatement = MemoryLayout<PrefRecord>.stride
    /// Gecko stops reading at a NUL byte, as if the file ended there.
    static let nulByteMessage = "a NUL byte ends the file"

    public static func parse(_ bytes: [UInt8], path: String) -> PrefsFile {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(bytes: buffer, path: path)
            parser.run()
            let bom = buffer.count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF
            let statements = PrefStatements(bytes: bytes, path: path, records: parser.records, firstLineStart: parser.firstLineStart)
            return PrefsFile(path: path, statements: statements, diagnostics: parser.diagnostics, hasByteOrderMark: bom)
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
    var records: [PrefRecord] = []
    var firstLineStart = 0
    var diagnostics: [PrefsDiagnostic] = []

    // The most recent token's start.
    var tokenStart = 0
    var tokenLine = 1
    var tokenColumn = 1

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
            // Columns count from after the mark, as an editor shows them.
            position = 3
            lineStart = 3
            firstLineStart = 3
        }
        var reserved = false
        while true {
            if !reserved && position >= Self.reserveAfter {
                // Large files: reserve once, from the statement density so far plus a margin, instead
                // of growing by doubling (each growth copies every statement and faults in new pages).
                // Capacity that is never used is never touched, so it costs address space, not memory.
                reserved = true
                let scale = Double(end) / Double(position) * 1.1
                records.reserveCapacity(Int(Double(records.count) * scale) + 16)
            }
            var token = nextToken()
            if token == .end {
                if end < bytes.count { report(PrefsParser.nulByteMessage) }
                return
            }
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
        let name = (tokenStart, position)
        token = nextToken()
        guard token == .char(UInt8(ascii: ",")) else { return fail(token, "expected ',' after pref name") }

        token = nextToken()
        let valueStart = tokenStart
        let number: Int32
        let valueKind: PrefRecord.ValueKind
        switch token {
        case .string: (number, valueKind) = (0, .string)
        case .keyword(.bool(let b)): (number, valueKind) = (b ? 1 : 0, .bool)
        case .int(let i): (number, valueKind) = (i, .int)
        case .char(let sign) where sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+"):
            token = nextToken()
            guard case .int(let magnitude) = token else { return fail(token, "expected integer literal after '\(Character(UnicodeScalar(sign)))'") }
            // Int32.min arrives already negated: its magnitude does not fit in Int32.
            number = sign == UInt8(ascii: "-") && magnitude != Int32.min ? -magnitude : magnitude
            valueKind = .int
        default: return fail(token, "expected pref value after ','")
        }
        let valueEnd = position

        token = nextToken()
        guard token == .char(UInt8(ascii: ")")) else { return fail(token, "expected ')' after pref value") }
        token = nextToken()
        guard token == .char(UInt8(ascii: ";")) else { return fail(token, "expected ';' after ')'") }

        records.append(PrefRecord(
            start: UInt32(start.0), end: UInt32(position), nameStart: UInt32(name.0), nameEnd: UInt32(name.1),
            valueStart: UInt32(valueStart), valueEnd: UInt32(valueEnd), number: number, line: UInt32(start.1),
            kind: kind, valueKind: valueKind))
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

    /// A string literal: checked here, decoded only when its statement is read (PrefStatements).
    mutating func string(quote: UInt8) -> Token {
        position += 1
        while position < end {
            let byte = bytes[position]
            // Every byte above '\'' except the backslash is ordinary: one comparison settles most bytes.
            if byte > UInt8(ascii: "'") && byte != UInt8(ascii: "\\") {
                position += 1
                continue
            }
            if byte == quote {
                position += 1
                return .string
            }
            if byte == UInt8(ascii: "\\") {
                position += 1
                guard position < end else { break }
                let escapeAt = position
                if let error = decodeEscape(bytes, &position, end: end, emit: { _ in }) {
                    // The escape character itself may be a line break: count it before recovering.
                    countLineBreak(at: escapeAt)
                    return stringError(error, quote: quote)
                }
                continue
            }
            if byte == 0x0A { newline(at: position) }
            else if byte == 0x0D && !(position + 1 < end && bytes[position + 1] == 0x0A) { newline(at: position) }
            position += 1
        }
        return .error(.unterminatedString)
    }

    /// After a bad escape Gecko still consumes the rest of the string, so recovery starts after it.
    mutating func stringError(_ error: TokenError, quote: UInt8) -> Token {
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\\") {
                if position + 1 < end { countLineBreak(at: position + 1) }
                position += 2
                continue
            }
            countLineBreak(at: position)
            position += 1
            if byte == quote { break }
        }
        position = min(position, end)
        return .error(error)
    }

    /// Counts a line break at `index` the way the tokenizer does: LF, a CR alone, CRLF once (at its LF).
    mutating func countLineBreak(at index: Int) {
        let byte = bytes[index]
        if byte == 0x0A || (byte == 0x0D && !(index + 1 < end && bytes[index + 1] == 0x0A)) { newline(at: index) }
    }
}

/// Decodes the escape whose backslash is just before `position` (as Gecko's parser does), passing each
/// decoded byte to `emit` and leaving `position` after it. Returns the error for an invalid escape.
@inline(__always)
private func decodeEscape(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, end: Int,
                          emit: (UInt8) -> Void) -> TokenError? {
    let escape = bytes[position]
    position += 1
    switch escape {
    case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): emit(escape)
    case UInt8(ascii: "n"): emit(0x0A)
    case UInt8(ascii: "r"): emit(0x0D)
    case UInt8(ascii: "x"):
        guard let value = hexValue(bytes, &position, end: end, digits: 2), value != 0 else { return .badHexEscape }
        emit(UInt8(value))
    case UInt8(ascii: "u"):
        guard let unit = hexValue(bytes, &position, end: end, digits: 4), unit != 0 else { return .badUnicodeEscape }
        var scalarValue = UInt32(unit)
        if (0xD800...0xDBFF).contains(unit) {
            guard position + 1 < end, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                return .missingLowSurrogate
            }
            position += 2
            guard let low = hexValue(bytes, &position, end: end, digits: 4), (0xDC00...0xDFFF).contains(low) else {
                return .badLowSurrogate
            }
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(unit) {
            return .loneLowSurrogate
        }
        UTF8.encode(UnicodeScalar(scalarValue)!) { emit($0) }
    default:
        return .badEscape
    }
    return nil
}

private func hexValue(_ bytes: UnsafeBufferPointer<UInt8>, _ position: inout Int, end: Int, digits: Int) -> Int? {
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

@inline(__always)
private func isIdentifier(_ byte: UInt8) -> Bool {
    (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
}

/// `word` is never empty (a keyword starts with a letter); memcmp beats a generic elementsEqual here.
@inline(__always)
private func equals(_ word: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
    word.count == literal.utf8CodeUnitCount && memcmp(word.baseAddress!, literal.utf8Start, word.count) == 0
}

