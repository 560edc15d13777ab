// swift-tools-version: 6.1
// libFuzzer target over Gregor's decoders. A separate package because it only links with
// `--sanitize=fuzzer` (libFuzzer provides `main`). Run: `bash scripts/fuzz.sh SECONDS`.
import PackageDescription

let package = Package(
    name: "GregorFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Gregor", path: ".."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "GregorFuzz",
            dependencies: [
                .product(name: "GregorProtocol", package: "Gregor"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
