import Foundation
import Testing

/// Any JSON value, compared structurally (key order and number spelling do not matter).
enum JSONValue: Sendable, Equatable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The same object without the named top-level members.
    func removing(_ keys: Set<String>) -> JSONValue {
        guard case .object(let members) = self else { return self }
        return .object(members.filter { !keys.contains($0.key) })
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
        case .string(let value): "\"\(value)\""
        case .array(let values): "[" + values.map(\.description).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { "\"\($0)\":\(members[$0]!)" }.joined(separator: ",") + "}"
        }
    }

    /// Where `actual` differs from `self`, one line per difference, as `path: expected X, got Y`.
    func differences(from actual: JSONValue, at path: String = "$") -> [String] {
        switch (self, actual) {
        case (.object(let expected), .object(let got)):
            return Set(expected.keys).union(got.keys).sorted().flatMap { key -> [String] in
                let child = "\(path).\(key)"
                switch (expected[key], got[key]) {
                case (let e?, let g?): return e.differences(from: g, at: child)
                case (let e?, nil): return ["\(child): expected \(e), missing"]
                case (nil, let g?): return ["\(child): not expected, got \(g)"]
                case (nil, nil): return []
                }
            }
        case (.array(let expected), .array(let got)) where expected.count == got.count:
            return zip(expected, got).enumerated().flatMap { index, pair in
                pair.0.differences(from: pair.1, at: "\(path)[\(index)]")
            }
        default:
            return self == actual ? [] : ["\(path): expected \(self), got \(actual)"]
        }
    }
}

/// What the Thunderbird oracle (scripts/oracle/thunderbird/thunderbird-oracle) reported for one
/// profile; the same shape as each fixture's expected.json. Only the parts the comparison needs.
struct ThunderbirdOracleReport: Decodable, Sendable {
    struct Incoming: Decodable, Sendable {
        var account: String
        var key: String
        var type: String?
        var hostname: String?
        /// The port Thunderbird connects to (defaults applied).
        var port: Int?
        var socketType: Int?
    }

    struct Outgoing: Decodable, Sendable {
        var key: String?
        var type: String?
        var hostname: String?
        /// The port Thunderbird connects to: `portAttribute || (socketType == 3 ? 465 : 587)`.
        var port: Int?
        /// nsISmtpServer.port as stored (0 when unset).
        var portAttribute: Int?
        var socketType: Int?
    }

    var ok: Bool
    var crashed: Bool?
    var reason: String?
    var thunderbird: String?
    var incoming: [Incoming]?
    var outgoing: [Outgoing]?
}

/// The fixture profiles under Fixtures/thunderbird/oracle that have a recorded expected.json.
enum ThunderbirdOracleFixtures {
    static let directory = fixture("thunderbird/oracle")

    /// Package root, from the fixtures folder (Tests/MuaFixTests/Fixtures).
    static let packageRoot = URL(fileURLWithPath: fixturesDirectory)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static let harness = packageRoot + "/scripts/oracle/thunderbird/thunderbird-oracle"

    /// Fields of the harness output that differ between runs and are not recorded.
    static let volatileFields: Set<String> = ["profile", "exitStatus", "stderrTail"]

    static var names: [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return entries.filter { FileManager.default.fileExists(atPath: "\(directory)/\($0)/expected.json") }.sorted()
    }

    static func path(_ name: String) -> String { "\(directory)/\(name)" }

    static func expectedData(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: "\(path(name))/expected.json"))
    }

    /// Runs the harness on `profiles` and returns its stdout, one JSON line per profile; nil when
    /// Thunderbird could not be isolated in a network namespace (said loudly; a failure when oracles
    /// are required), since it is never started outside one.
    static func runHarness(_ profiles: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: harness)
        process.arguments = profiles
        process.standardInput = FileHandle.nullDevice
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 4 {
            let message = "ORACLE NOT RUN: cannot create a network namespace for Thunderbird (run as root)"
            FileHandle.standardError.write(Data("\n*** \(message) ***\n".utf8))
            if oraclesRequired { Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation) }
            return nil
        }
        #expect(process.terminationStatus == 0, "thunderbird-oracle exited with status \(process.terminationStatus)",
                sourceLocation: sourceLocation)
        return String(decoding: data, as: UTF8.self)
    }
}
