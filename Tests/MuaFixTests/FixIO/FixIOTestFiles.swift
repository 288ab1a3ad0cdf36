import Foundation
import Glibc
import Testing

/// The file-safety layer's tests, grouped so `swift test --filter FixIO` runs them all.
@Suite enum FixIO {}

extension FixIO {
    /// Small file and process helpers for the FixIO tests.
    enum Files {
        /// A new scratch folder with its canonical path, as the writer reports paths symlink-resolved.
        static func scratch() throws -> String {
            let made = try scratchDirectory()
            guard let resolved = realpath(made, nil) else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            defer { free(resolved) }
            return String(cString: resolved)
        }

        static func put(_ path: String, _ text: String, mode: mode_t = 0o644) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            guard chmod(path, mode) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }

        static func read(_ path: String) -> String? {
            FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
        }

        static func status(_ path: String) -> stat? {
            var info = stat()
            return lstat(path, &info) == 0 ? info : nil
        }

        static func mode(_ path: String) -> mode_t? { status(path).map { $0.st_mode & 0o7777 } }

        /// Every name in `directory`, hidden ones included, sorted.
        static func names(in directory: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        }

        static func temporaryNames(in directory: String) -> [String] {
            names(in: directory).filter { $0.contains(".tmp-") }
        }

        struct Run { var status: Int32; var output: String; var error: String }

        static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> Run {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
            let output = Pipe(), error = Pipe()
            process.standardOutput = output
            process.standardError = error
            try process.run()
            let outData = output.fileHandleForReading.readDataToEndOfFile()
            let errData = error.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Run(status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
                       error: String(decoding: errData, as: UTF8.self))
        }

        /// The first of `candidates` that exists and is executable.
        static func tool(_ candidates: String...) -> String? {
            candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
        }
    }
}
