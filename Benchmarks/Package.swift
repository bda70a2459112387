// swift-tools-version:6.1
import PackageDescription

/// Microbenchmarks for the gateway's hot functions (issue 7), kept out of the main package so that neither
/// `swift build` nor CI builds package-benchmark. Run: `swift package --disable-sandbox benchmark`.
/// The main package's upcoming features (see its Package.swift).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Products of swift-nio by name.
func nio(_ names: String...) -> [Target.Dependency] {
    names.map { .product(name: $0, package: "swift-nio") }
}

let package = Package(
    name: "so-gateway-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Named, so the product reference does not depend on the folder the repository is cloned into.
        .package(name: "so-gateway", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        // MallocInterposer only: the Linux 6.3 runtime interposer package is not mirrored here, and the
        // malloc counts are what these benchmarks are for.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The ceiling any NIO-based proxy meets on the bench machine (docs/benchmarks.md); not a gateway.
        .executableTarget(
            name: "ceiling-proxy",
            dependencies: nio("NIOCore", "NIOPosix", "NIOHTTP1", "NIOConcurrencyHelpers"),
            path: "Benchmarks/CeilingProxy",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "HotPaths",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SOGateway", package: "so-gateway"),
            ] + nio("NIOCore", "NIOHTTP1", "NIOEmbedded"),
            path: "Benchmarks/HotPaths",
            swiftSettings: swiftSettings,
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ]
)
