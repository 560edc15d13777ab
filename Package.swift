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
        .executable(name: "gregor-codegen", targets: ["gregor-codegen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // CRC-32C (Castagnoli): SSE4.2 with a portable fallback, chosen at run time.
        .target(name: "CGregorCRC32C"),
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
        // The protocol generator: Kafka JSON message specs -> Swift (Foundation only).
        .executableTarget(name: "gregor-codegen", swiftSettings: strictSwift6),
        .testTarget(
            name: "GregorProtocolTests",
            dependencies: ["GregorProtocol", "CGregorCRC32C", "CZlib", "CZstd", "CLZ4", "CSnappy", "gregor-codegen"],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift6
        ),
    ]
)
