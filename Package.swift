// swift-tools-version: 6.1
import PackageDescription

let strictSwift6: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Gregor",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "GregorProtocol", targets: ["GregorProtocol"]),
        .library(name: "Gregor", targets: ["Gregor"]),
        .library(name: "GregorTables", targets: ["GregorTables"]),
        .library(name: "GregorStream", targets: ["GregorStream"]),
        .library(name: "GregorArrow", targets: ["GregorArrow"]),
        // The C ABI over Stream, for Python (ctypes) and other languages; see scripts/build-c-library.sh.
        .library(name: "GregorStreamC", type: .dynamic, targets: ["GregorStreamC"]),
        .executable(name: "gregor", targets: ["gregor"]),
        .executable(name: "gregor-codegen", targets: ["gregor-codegen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
    ],
    targets: [
        // CRC-32C (Castagnoli): SSE4.2 with a portable fallback, chosen at run time.
        .target(name: "CGregorCRC32C"),
        // A cache prefetch hint for the tables' bulk insert.
        .target(name: "CGregorPrefetch"),
        // System compression libraries (Debian -dev packages).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CSnappy", pkgConfig: "snappy", providers: [.apt(["libsnappy-dev"])]),
        // Wire format: primitives, generated messages, record batches, compression, errors. No I/O.
        .target(
            name: "GregorProtocol",
            dependencies: [
                "CGregorCRC32C", "CZlib", "CZstd", "CLZ4", "CSnappy",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSwift6
        ),
        // The client: connections, TLS/SASL, cluster metadata and routing, producer, admin, fetch engine.
        .target(
            name: "Gregor",
            dependencies: [
                "GregorProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSwift6
        ),
        // The command line's pure helpers (argument parsing, output formats), unit-tested.
        // Global tables: KafkaTable, KafkaTableWriter, grouped variants, ensureTopic.
        .target(
            name: "GregorTables",
            dependencies: [
                "Gregor", "GregorProtocol", "CGregorPrefetch",
                .product(name: "HashTreeCollections", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        // Stream: ordered columnar replay and live tail on the fetch engine.
        .target(
            name: "GregorStream",
            dependencies: [
                "Gregor", "GregorProtocol",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift6
        ),
        // The Arrow C Data Interface structs (header only), as the Arrow specification defines them.
        .target(name: "CArrowDataInterface"),
        // Arrow export: C Data Interface export and IPC stream/file writers for MessageBatch and small tables.
        .target(
            name: "GregorArrow",
            dependencies: ["GregorProtocol", "GregorStream", "CArrowDataInterface"],
            swiftSettings: strictSwift6
        ),
        // The C ABI over Stream (gregor_stream.h): create, poll into ArrowArray/ArrowSchema, state, close.
        .target(
            name: "GregorStreamC",
            dependencies: [
                "Gregor", "GregorStream", "GregorArrow", "CArrowDataInterface",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["gregor_stream.h"],
            swiftSettings: strictSwift6
        ),
        .target(name: "GregorCLISupport", dependencies: ["Gregor", "GregorProtocol"], swiftSettings: strictSwift6),
        // The command-line tool.
        .executableTarget(
            name: "gregor",
            dependencies: [
                "Gregor", "GregorProtocol", "GregorCLISupport", "GregorTables", "GregorStream", "GregorArrow",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift6
        ),
        // The protocol generator: Kafka JSON message specs -> Swift (Foundation only).
        .executableTarget(name: "gregor-codegen", swiftSettings: strictSwift6),
        .testTarget(
            name: "GregorProtocolTests",
            dependencies: ["GregorProtocol", "CGregorCRC32C", "CZlib", "CZstd", "CLZ4", "CSnappy", "gregor-codegen", "GregorTestSupport"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift6
        ),
        // Unit tests of the Stream's release order (no sockets).
        .testTarget(
            name: "GregorStreamTests",
            dependencies: ["GregorStream", "Gregor", "GregorProtocol", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSwift6
        ),
        // Arrow export: C struct unit tests, and pyarrow/polars reading the IPC files (no sockets).
        .testTarget(
            name: "GregorArrowTests",
            dependencies: [
                "GregorArrow", "GregorProtocol", "CArrowDataInterface", "GregorTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            exclude: ["Peer"],
            swiftSettings: strictSwift6
        ),
        // Helpers shared by the test targets.
        .target(
            name: "GregorTestSupport",
            dependencies: ["GregorProtocol", .product(name: "NIOCore", package: "swift-nio")],
            path: "Tests/GregorTestSupport", swiftSettings: strictSwift6),
        // Unit tests of the tables' pure parts (no sockets).
        .testTarget(
            name: "GregorTablesTests",
            dependencies: ["GregorTables", "GregorProtocol", "GregorTestSupport", .product(name: "HashTreeCollections", package: "swift-collections")],
            swiftSettings: strictSwift6
        ),
        .testTarget(
            name: "GregorTests",
            dependencies: [
                "Gregor", "GregorProtocol", "GregorCLISupport", "GregorTables", "GregorStream", "gregor", "GregorTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Peer"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift6
        ),
    ]
)
