import GregorCLISupport
import GregorProtocol
import Testing

/// `gregor produce` input handling: lines from stdin chunks, key separator, `--config` arguments.
@Suite("CLI input parsing")
struct CLIInputParsingTests {
    private func split(_ line: String, _ separator: String) -> (key: String?, value: String) {
        let result = KeyValueLine.split(Array(line.utf8)[...], separator: Array(separator.utf8))
        return (result.key.map { String(decoding: $0, as: UTF8.self) }, String(decoding: result.value, as: UTF8.self))
    }

    @Test func splitsAtTheFirstSeparator() {
        #expect(split("user-1:hello:world", ":") == ("user-1", "hello:world"))
        #expect(split("k::v", "::") == ("k", "v"))
        #expect(split("a=>b=>c", "=>") == ("a", "b=>c"))
        #expect(split(":value", ":") == ("", "value"))
        #expect(split("key:", ":") == ("key", ""))
    }

    @Test func lineWithoutSeparatorHasNullKey() {
        #expect(split("no separator here", "\t") == (nil, "no separator here"))
        #expect(split("a", "ab") == (nil, "a"))
        #expect(split("", ":") == (nil, ""))
    }

    @Test func splitsSlicesThatDoNotStartAtZero() {
        let bytes = Array("xxk|v".utf8)
        let result = KeyValueLine.split(bytes[2...], separator: Array("|".utf8))
        #expect(result.key.map { Array($0) } == Array("k".utf8))
        #expect(Array(result.value) == Array("v".utf8))
    }

    private func lines(_ chunks: [String]) -> [String] {
        var splitter = LineSplitter()
        var result: [String] = []
        for chunk in chunks {
            Array(chunk.utf8).withUnsafeBytes { bytes in
                splitter.feed(bytes) { result.append(String(decoding: $0, as: UTF8.self)) }
            }
        }
        splitter.finish { result.append(String(decoding: $0, as: UTF8.self)) }
        return result
    }

    @Test func splitsLinesAcrossChunkBoundaries() {
        #expect(lines(["a\nb", "c\n", "\nd"]) == ["a", "bc", "", "d"])
        #expect(lines(["one\ntwo\n"]) == ["one", "two"])
        #expect(lines(["x", "y", "z"]) == ["xyz"])
        #expect(lines(["", "\n"]) == [""])
        #expect(lines([]) == [])
        #expect(lines(["crlf\r\n"]) == ["crlf\r"])
    }

    @Test func everyChunkingGivesTheSameLines() {
        let text = "alpha\nbeta gamma\n\ndelta\nε\n"
        let expected = ["alpha", "beta gamma", "", "delta", "ε"]
        let bytes = Array(text.utf8)
        for size in 1...bytes.count {
            let chunks = stride(from: 0, to: bytes.count, by: size).map {
                String(decoding: bytes[$0..<min($0 + size, bytes.count)], as: UTF8.self)
            }
            // Chunks cut inside 'ε' decode lossily; compare with byte chunks instead.
            var splitter = LineSplitter()
            var result: [[UInt8]] = []
            for start in stride(from: 0, to: bytes.count, by: size) {
                Array(bytes[start..<min(start + size, bytes.count)]).withUnsafeBytes { chunk in
                    splitter.feed(chunk) { result.append(Array($0)) }
                }
            }
            splitter.finish { result.append(Array($0)) }
            #expect(result == expected.map { Array($0.utf8) }, "chunk size \(size), \(chunks.count) chunks")
        }
    }

    @Test func parsesConfigArguments() throws {
        #expect(try ConfigArgument(parsing: "retention.ms=1000") == ConfigArgument(name: "retention.ms", value: "1000"))
        #expect(try ConfigArgument(parsing: "a=b=c") == ConfigArgument(name: "a", value: "b=c"))
        #expect(try ConfigArgument(parsing: "cleanup.policy=") == ConfigArgument(name: "cleanup.policy", value: ""))
        #expect(throws: CLIError.self) { try ConfigArgument(parsing: "novalue") }
        #expect(throws: CLIError.self) { try ConfigArgument(parsing: "=1") }
    }

    @Test func parsesAcksAndCompression() {
        #expect(AcksOption(parsing: "0")?.requestValue == 0)
        #expect(AcksOption(parsing: "1")?.requestValue == 1)
        #expect(AcksOption(parsing: "all")?.requestValue == -1)
        #expect(AcksOption(parsing: "-1")?.requestValue == -1)
        #expect(AcksOption(parsing: "2") == nil)
        #expect(CompressionOption.parse("zstd") == .zstd)
        #expect(CompressionOption.parse("LZ4") == .lz4)
        #expect(CompressionOption.parse("none") == CompressionCodec.none)
        #expect(CompressionOption.parse("brotli") == nil)
    }
}

/// The Stream's CLI options and progress line (no sockets).
@Suite("Stream CLI options")
struct StreamCLIOptionTests {
    @Test func shardParsesIOfNAndRejectsTheRest() throws {
        let first = try ShardOption(parsing: "0/4")
        #expect(first.index == 0 && first.count == 4)
        let last = try ShardOption(parsing: "3/4")
        #expect(last.index == 3 && last.count == 4)
        for bad in ["4/4", "-1/4", "1/0", "1", "a/b", "1/2/3", ""] {
            #expect(throws: CLIError.self, "\(bad)") { _ = try ShardOption(parsing: bad) }
        }
    }

    @Test func theProgressLineShowsShareRecordsBytesPartitionsAndETA() {
        let line = ReplayProgressLine(done: 250, total: 1000, records: 300, bytes: 2048, livePartitions: 1, partitions: 4, elapsed: .seconds(2))
        #expect(line.text == "replay 25% · 300 records · 2.0 KiB · 1/4 partitions live · ETA 6 s")
        let done = ReplayProgressLine(done: 10, total: 10, records: 10, bytes: 10, livePartitions: 2, partitions: 2, elapsed: .seconds(1))
        #expect(done.text.hasSuffix("2/2 partitions live · done"))
        let empty = ReplayProgressLine(done: 0, total: 0, records: 0, bytes: 0, livePartitions: 0, partitions: 1, elapsed: .zero)
        #expect(empty.text.hasPrefix("replay 100%"))
    }
}
