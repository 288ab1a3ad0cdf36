/// The checks of Thunderbird's Sanitizer.sys.mjs and hostnameUtils.sys.mjs that readFromXML applies
/// to autoconfig values. Each returns the accepted value or a reason Thunderbird would reject it.
enum ThunderbirdSanitizer {
    /// Sanitizer.hostname: non-empty, trimmed, then `%PLACEHOLDER%` forms kept as written, otherwise a
    /// legal host name or IP address, lower-cased.
    static func hostname(_ value: ThunderbirdValue?) -> Result<String, Rejection> {
        guard let value, value.isTruthy else { return .failure(Rejection("is missing or empty")) }
        let host = String(javaScriptTrimmed(value.text))
        if isHostWithPlaceholders(host) { return .success(host) }
        guard isLegalHostName(host) || isLegalIPv4Address(host) || isLegalIPv6Address(host) else {
            return .failure(Rejection("'\(value.text)' is not a host name"))
        }
        return .success(host.lowercased())
    }

    /// Sanitizer.integerRange.
    static func integer(_ value: ThunderbirdValue?, in range: ClosedRange<Int>) -> Result<Int, Rejection> {
        guard let number = (value ?? .string("undefined")).integer else {
            return .failure(Rejection("'\(value?.text ?? "")' is not a number"))
        }
        guard number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            return .failure(Rejection("'\(value?.text ?? "")' is outside \(range.lowerBound)–\(range.upperBound)"))
        }
        return .success(Int(number))
    }

    /// `^[a-zA-Z0-9\-\.]*(%[A-Z0-9]+%[a-zA-Z0-9\-\.]*)+$`
    static func isHostWithPlaceholders(_ host: String) -> Bool {
        func isHostCharacter(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == ".") }
        var sawPlaceholder = false
        var rest = host[...]
        while !rest.isEmpty {
            rest = rest.drop(while: isHostCharacter)
            guard !rest.isEmpty else { break }
            guard rest.first == "%" else { return false }
            let name = rest.dropFirst().prefix { $0.isASCII && ($0.isUppercase || $0.isNumber) }
            let afterName = rest.dropFirst(1 + name.count)
            guard !name.isEmpty, afterName.first == "%" else { return false }
            sawPlaceholder = true
            rest = afterName.dropFirst()
        }
        return sawPlaceholder
    }

    /// RFC 1123 labels, an optional trailing dot, at most 255 characters.
    static func isLegalHostName(_ host: String) -> Bool {
        guard host.count <= 255, !host.isEmpty else { return false }
        var labels = host.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count > 1, labels.last == "" { labels.removeLast() }
        return labels.allSatisfy { label in
            guard (1...63).contains(label.count), label.first != "-", label.last != "-" else { return false }
            return label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// Four decimal components 0–255 without leading zeros, the first not 0.
    static func isLegalIPv4Address(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        let values = parts.map { part -> Int? in
            guard (1...10).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  part == "0" || part.first != "0" else { return nil }
            return Int(part).flatMap { $0 <= 255 ? $0 : nil }
        }
        guard values.allSatisfy({ $0 != nil }) else { return false }
        return values[0] != 0
    }

    /// Eight hex groups, one `::` elision, an IPv4 tail allowed; not all zero.
    static func isLegalIPv6Address(_ host: String) -> Bool {
        var groups = host.lowercased().split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard groups.count >= 3 else { return false }
        if let last = groups.last, isLegalIPv4Address(last) {
            // Two groups, non-zero since a legal IPv4 address never starts with 0.
            groups.removeLast()
            groups += ["1", "1"]
        }
        let inner = groups.dropFirst().dropLast()
        let elisions = inner.filter(\.isEmpty).count
        guard elisions <= 1 else { return false }
        if elisions == 1 {
            guard groups.count <= 8 else { return false }
        } else if groups.count != 8 {
            return false
        }
        let values = groups.map { $0.isEmpty ? 0 : ($0.count <= 4 ? Int($0, radix: 16) : nil) }
        guard values.allSatisfy({ $0 != nil }) else { return false }
        return values.contains { $0 != 0 }
    }
}

/// Why Thunderbird rejects a value or an entry.
struct Rejection: Error, Equatable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
