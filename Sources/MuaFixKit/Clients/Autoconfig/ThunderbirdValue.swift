/// What Thunderbird makes of an element's content before `readFromXML` checks it: JXON.build (default
/// verbosity) turns the element into a boolean, number, string or object, and the Sanitizer then
/// converts that with JavaScript's rules. Reproduced because the quirks decide what Thunderbird accepts:
/// `<port>99x</port>` is port 99, `<port>0x3E1</port>` is port 0 (rejected), `<username/>` is "true".
enum ThunderbirdValue: Equatable {
    case boolean(Bool)
    case number(Double)
    case string(String)
    /// An element with attributes or child elements: JavaScript prints it as "[object Object]".
    case object

    /// The value of the first child element named `name`, or nil (JavaScript's `undefined`) when there is none.
    init?(firstChild name: String, of element: XMLElementNode) {
        guard let child = element.firstChild(named: name) else { return nil }
        self.init(element: child)
    }

    init(element: XMLElementNode) {
        if !element.attributes.isEmpty || !element.children.isEmpty {
            self = .object
        } else if element.text.isEmpty && element.unexpandedEntityReferences == 0 {
            self = .boolean(true)  // JXON's value for an empty element
        } else {
            self.init(text: element.text)
        }
    }

    /// JXON's parseText.
    init(text: String) {
        switch text.lowercased() {
        case "true": self = .boolean(true)
        case "false": self = .boolean(false)
        default:
            if let number = javaScriptNumber(text), number.isFinite {
                self = .number(javaScriptParseFloat(text))
            } else {
                self = .string(text)
            }
        }
    }

    /// JavaScript's `String(value)`.
    var text: String {
        switch self {
        case .boolean(let value): String(value)
        case .number(let value): javaScriptString(value)
        case .string(let value): value
        case .object: "[object Object]"
        }
    }

    /// JavaScript's truthiness, which Sanitizer.nonemptystring tests.
    var isTruthy: Bool {
        switch self {
        case .boolean(let value): value
        case .number(let value): value != 0 && !value.isNaN
        case .string(let value): !value.isEmpty
        case .object: true
        }
    }

    /// Sanitizer.integer: the number itself, truncated, or parseInt of its text.
    var integer: Double? {
        if case .number(let value) = self, !value.isNaN { return value.rounded(.towardZero) }
        return javaScriptParseInt(text)
    }
}

// MARK: - JavaScript number conversions

private let javaScriptWhitespace: Set<Character> = [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{A0}", "\u{FEFF}",
                                                    "\u{2028}", "\u{2029}"]

func javaScriptTrimmed(_ text: String) -> Substring {
    var text = text[...]
    while let first = text.first, javaScriptWhitespace.contains(first) || first.isWhitespace { text.removeFirst() }
    while let last = text.last, javaScriptWhitespace.contains(last) || last.isWhitespace { text.removeLast() }
    return text
}

/// `Number(text)`: the whole trimmed text must be a number; empty text is 0.
func javaScriptNumber(_ text: String) -> Double? {
    let body = javaScriptTrimmed(text)
    if body.isEmpty { return 0 }
    for (prefix, radix) in [("0x", 16), ("0X", 16), ("0o", 8), ("0O", 8), ("0b", 2), ("0B", 2)] where body.hasPrefix(prefix) {
        return Int(body.dropFirst(2), radix: radix).map(Double.init)
    }
    switch body {
    case "Infinity", "+Infinity": return .infinity
    case "-Infinity": return -.infinity
    default: break
    }
    guard let end = decimalLiteralEnd(body), end == body.endIndex else { return nil }
    return Double(body)
}

/// `parseFloat(text)`: the longest decimal prefix after leading whitespace, else NaN.
func javaScriptParseFloat(_ text: String) -> Double {
    let body = javaScriptTrimmed(text)
    for infinity in ["Infinity", "+Infinity", "-Infinity"] where body.hasPrefix(infinity) {
        return infinity.hasPrefix("-") ? -.infinity : .infinity
    }
    guard let end = decimalLiteralEnd(body) else { return .nan }
    return Double(body[..<end]) ?? .nan
}

/// `parseInt(text)` without a radix: optional sign, `0x` means hex, then the longest run of digits.
func javaScriptParseInt(_ text: String) -> Double? {
    var body = javaScriptTrimmed(text)
    var sign = 1.0
    if let first = body.first, first == "+" || first == "-" {
        sign = first == "-" ? -1 : 1
        body.removeFirst()
    }
    var radix = 10
    if body.hasPrefix("0x") || body.hasPrefix("0X") {
        radix = 16
        body = body.dropFirst(2)
    }
    let digits = body.prefix { $0.isASCII && $0.hexDigitValue.map { $0 < radix } == true }
    guard !digits.isEmpty else { return nil }
    // Digit by digit in Double, so a hundred digits give a huge number rather than an overflow.
    let value = digits.reduce(0.0) { $0 * Double(radix) + Double($1.hexDigitValue!) }
    return sign * value
}

/// Where the longest `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?` prefix ends, or nil if none.
private func decimalLiteralEnd(_ text: Substring) -> Substring.Index? {
    var index = text.startIndex
    func skipDigits() -> Bool {
        let start = index
        while index < text.endIndex, text[index].isASCII, text[index].isNumber { index = text.index(after: index) }
        return index > start
    }
    if index < text.endIndex, text[index] == "+" || text[index] == "-" { index = text.index(after: index) }
    var sawDigits = skipDigits()
    if index < text.endIndex, text[index] == "." {
        index = text.index(after: index)
        sawDigits = skipDigits() || sawDigits
    }
    guard sawDigits else { return nil }
    let mantissaEnd = index
    if index < text.endIndex, text[index] == "e" || text[index] == "E" {
        index = text.index(after: index)
        if index < text.endIndex, text[index] == "+" || text[index] == "-" { index = text.index(after: index) }
        if !skipDigits() { return mantissaEnd }
    }
    return index
}

private func javaScriptString(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
}
