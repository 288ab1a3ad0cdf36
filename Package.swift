// swift-tools-version: 6.0
import PackageDescription

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
            // libxml2's headers only: the library is opened with dlopen on first use (LibXML2.swift),
            // so pkg-config's -lxml2, which would load libxml2 and ICU at every start, is not wanted.
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-Xcc", "-I/usr/include/libxml2"])]
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
