// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "assess",
    products: [
        .executable(name: "assess", targets: ["assess"]),
        .library(name: "AssessmentKit", targets: ["AssessmentKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // swift-nio-ssh is still 0.x: pinned exactly, and swift-nio with it.
        .package(url: "https://github.com/apple/swift-nio-ssh", exact: "0.15.1"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
    ],
    targets: [
        // libedit through pkg-config; shim.h wraps its variadic calls for Swift.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The only module that touches libedit.
        .target(name: "LineEditing", dependencies: ["CEditLine"]),
        // The domain: definitions, events, session state, scoring, reports. No terminal I/O.
        .target(
            name: "AssessmentKit",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // BuiltIn is a link to Assessments/: every framework, vacancy and scenario there is
            // compiled into the binary (BuiltInDefinitions.swift), so assess works from any folder.
            resources: [.embedInCode("BuiltIn")]
        ),
        // The REPL: command table, parsing, completion, help, modes.
        .target(name: "AssessShell", dependencies: ["AssessmentKit", "LineEditing"]),
        // The SSH side of `assess host`: listener, host key, authentication, channels.
        // No domain rules of its own and no libedit: callers decide who gets in.
        .target(
            name: "PanelHost",
            dependencies: [
                "AssessmentKit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
            ]
        ),
        // Thin entry point: argument parsing, then AssessShell or PanelHost.
        .executableTarget(
            name: "assess",
            dependencies: [
                "AssessShell", "AssessmentKit", "LineEditing", "PanelHost",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LineEditingTests", dependencies: ["LineEditing"]),
        .testTarget(name: "AssessmentKitTests", dependencies: ["AssessmentKit"]),
        .testTarget(name: "AssessShellTests", dependencies: ["AssessShell", "AssessmentKit"]),
        // Snapshots/ holds the golden files the tests read, not sources.
        .testTarget(name: "EndToEndTests", dependencies: ["AssessmentKit"], exclude: ["Snapshots"]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets, built only by `make fuzz` (ASSESS_FUZZ=1, with -sanitize=fuzzer).
if Context.environment["ASSESS_FUZZ"] == "1" {
    for (name, dependencies) in [("FuzzShell", ["AssessShell", "AssessmentKit", "LineEditing"]), ("FuzzTranscript", ["AssessmentKit"]),
                                 ("FuzzDefinitions", ["AssessmentKit"]), ("FuzzStarted", ["AssessmentKit"])] {
        package.targets.append(.executableTarget(name: name, dependencies: (dependencies + ["FuzzDriver"]).map { .target(name: $0) },
                                                 path: "Fuzz/\(name)"))
    }
    package.targets.append(.target(name: "FuzzDriver", path: "Fuzz/FuzzDriver"))
}
