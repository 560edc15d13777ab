import Foundation

// gregor-codegen <specs-folder> <output-folder> [--samples <test-output-folder>]
//
// Reads Kafka's JSON message specs and writes one Swift file per message of `apiList` (plus the
// request and response headers) into <output-folder>. With --samples it also writes the test
// helpers (`codegenSample(version:)` per type) into <test-output-folder>.
//
// Regenerate everything from the repository root:
//   swift run gregor-codegen ../shared/kafka-protocol/messages Sources/GregorProtocol/Generated \
//       --samples Tests/GregorProtocolTests/Generated

let arguments = Array(CommandLine.arguments.dropFirst())
var positional: [String] = []
var samplesFolder: String?
var index = 0
while index < arguments.count {
    if arguments[index] == "--samples", index + 1 < arguments.count {
        samplesFolder = arguments[index + 1]
        index += 2
    } else {
        positional.append(arguments[index])
        index += 1
    }
}
guard positional.count == 2 else {
    FileHandle.standardError.write(Data("usage: gregor-codegen <specs-folder> <output-folder> [--samples <test-output-folder>]\n".utf8))
    exit(2)
}

do {
    try Generator(
        specsFolder: URL(fileURLWithPath: positional[0]),
        outputFolder: URL(fileURLWithPath: positional[1]),
        samplesFolder: samplesFolder.map { URL(fileURLWithPath: $0) }
    ).run()
} catch {
    FileHandle.standardError.write(Data("gregor-codegen: \(error)\n".utf8))
    exit(1)
}
