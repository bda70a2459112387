// swift-tools-version:6.1
import PackageDescription

/// Upcoming features the model packages (Hummingbird, NIO) enable; see docs/architecture.md.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Tests keep ExistentialAny but not MemberImportVisibility: test files use many modules' members at once.
let testSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "NIOHTTP1", package: "swift-nio"),
]

let package = Package(
    name: "so-gateway",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "so-gateway", targets: ["so-gateway"]),
        .library(name: "SOGateway", targets: ["SOGateway"]),
        .library(name: "SuperOfficeStandIn", targets: ["SuperOfficeStandIn"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-http2", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/swift-extras/swift-extras-base64", from: "1.2.0"),
        // Tracing: the API, and its OTLP backend with only the HTTP exporter (the gRPC one would build gRPC too).
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
        // Tests only: property-based fuzzing of the body parser, key normalizer and header rewriting.
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // Tests only: an HTTP client independent of the gateway's own upstream pool, so the integration
        // tests do not share framing code with the gateway they check.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // The injectable clock every time-dependent decision reads (tests move a manual one).
        .target(
            name: "GatewayClock",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        // Single flight: one call shared by every concurrent caller (task-cache fills, tenant lookups, renewals).
        .target(
            name: "Coalescing",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Configuration schema, ${VAR} expansion, units and validation with key paths.
        .target(
            name: "GatewayConfig",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Accept-Encoding negotiation, gzip once, bounded gunzip.
        .target(
            name: "GatewayCompression",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Associate-set keys, the byte-bounded LRU store, coalescing and freshness.
        .target(
            name: "TaskCache",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Collections", package: "swift-collections"),
                "GatewayCompression", "GatewayClock",
            ],
            swiftSettings: swiftSettings
        ),
        // The upstream HTTP/1.1 transport: an event-loop-affine connection pool on NIO.
        .target(
            name: "UpstreamTransport",
            dependencies: nio + [
                "GatewayClock",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // A small RESP2 client: only what the rate limiter uses (no Swift Redis client is available here).
        .target(
            name: "RESPClient",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                "GatewayClock",
            ],
            swiftSettings: swiftSettings
        ),
        // The gateway: listener, stage chain, client auth, credentials, headers, forwarding, operations.
        .target(
            name: "SOGateway",
            dependencies: nio + [
                "GatewayConfig", "GatewayCompression", "TaskCache", "UpstreamTransport", "RESPClient", "GatewayClock", "Coalescing",
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Collections", package: "swift-collections"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "OTel", package: "swift-otel"),
            ],
            swiftSettings: swiftSettings
        ),
        // A SuperOffice WebAPI stand-in following ../shared/superoffice-webapi.md, for demo and tests.
        .target(
            name: "SuperOfficeStandIn",
            dependencies: nio + [
                .product(name: "ExtrasBase64", package: "swift-extras-base64"),
                "GatewayClock",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "so-gateway",
            dependencies: [
                "SOGateway", "SuperOfficeStandIn", "GatewayConfig", "UpstreamTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ] + nio,
            swiftSettings: swiftSettings
        ),
        // Helpers several test targets share (test targets cannot import each other).
        .target(
            name: "TestSupport",
            dependencies: [
                "GatewayClock",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "GatewayConfigTests",
            dependencies: ["GatewayConfig", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: testSettings
        ),
        .testTarget(name: "GatewayCompressionTests", dependencies: ["GatewayCompression", "TestSupport"], swiftSettings: testSettings),
        .testTarget(
            name: "TaskCacheTests",
            dependencies: ["TaskCache", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "UpstreamTransportTests",
            dependencies: ["UpstreamTransport", "TestSupport", .product(name: "NIOSSL", package: "swift-nio-ssl")] + nio,
            swiftSettings: testSettings
        ),
        .testTarget(
            name: "CoalescingTests",
            dependencies: [
                "Coalescing", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: testSettings
        ),
        .testTarget(name: "RESPClientTests", dependencies: ["RESPClient", "TestSupport"], swiftSettings: testSettings),
        .testTarget(name: "SuperOfficeStandInTests", dependencies: ["SuperOfficeStandIn", "TestSupport"] + nio, swiftSettings: testSettings),
        .testTarget(
            name: "SOGatewayTests",
            dependencies: [
                "SOGateway", "SuperOfficeStandIn", "GatewayConfig", "TaskCache", "UpstreamTransport", "GatewayCompression", "TestSupport",
                "GatewayClock", "RESPClient",
            ] + nio
                + [
                    .product(name: "PropertyBased", package: "swift-property-based"),
                    .product(name: "NIOEmbedded", package: "swift-nio"),
                    // HTTP/2 and TLS clients that write their own frames, for the slow-client and flood tests.
                    .product(name: "NIOSSL", package: "swift-nio-ssl"),
                    .product(name: "NIOTLS", package: "swift-nio"),
                    .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                    .product(name: "NIOHPACK", package: "swift-nio-http2"),
                    // The client the integration tests send through (not the gateway's own pool).
                    .product(name: "AsyncHTTPClient", package: "async-http-client"),
                ],
            swiftSettings: testSettings
        ),
    ]
)
