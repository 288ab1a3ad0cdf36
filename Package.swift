// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// libxml2's header folders, as pkg-config names them (Debian's place when pkg-config is missing).
/// Only the headers: the library itself is opened with dlopen on first use (LibXML2.swift), because
/// linking it, as a pkgConfig system library would, loads libxml2 and ICU at every start.
let libxml2HeaderFlags: [String] = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["pkg-config", "--cflags-only-I", "libxml-2.0"]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    var folders: [String] = []
    if (try? process.run()) != nil {
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        folders = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).filter { $0.hasPrefix("-I") }.map(String.init)
    }
    return (folders.isEmpty ? ["-I/usr/include/libxml2"] : folders).flatMap { ["-Xcc", $0] }
}()

let package = Package(
    name: "mua-fix",
    products: [
        .executable(name: "mua-fix", targets: ["mua-fix"]),
        .library(name: "MuaFixKit", targets: ["MuaFixKit"]),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            path: "Sources/CLibXML2",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "MuaFixKit",
            dependencies: ["CLibXML2"],
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(libxml2HeaderFlags)]
        ),
        .executableTarget(
            name: "mua-fix",
            dependencies: ["MuaFixKit"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // Parser throughput for scripts/bench; not shipped.
        .executableTarget(
            name: "muafix-bench",
            dependencies: ["MuaFixKit"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "MuaFixTests",
            // The CLI tests run the real binary, so it must be built first.
            dependencies: ["MuaFixKit", "mua-fix"],
            exclude: ["Fixtures"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
