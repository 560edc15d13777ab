// swift-tools-version: 6.1
// Gregor's benchmarks (ordo-one/benchmark). A separate package so that the library's own build
// and test runs do not resolve or compile the benchmark harness. Run: `bash scripts/benchmarks.sh`.
import PackageDescription

let package = Package(
    name: "GregorBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Gregor", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ProtocolBenchmarks",
            dependencies: [
                .product(name: "GregorProtocol", package: "Gregor"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ProtocolBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
