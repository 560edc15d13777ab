import GregorCLISupport
import GregorProtocol
import Testing

/// Human-facing output of `gregor`: error lines, summaries, the record table.
@Suite("CLI output formatting")
struct CLIOutputFormattingTests {
    @Test func errorLineIsOneLineWithThePrefix() {
        #expect(cliErrorLine("connection refused") == "gregor: error: connection refused")
        #expect(cliErrorLine("first\nsecond\r\n\tthird ") == "gregor: error: first second third")
        #expect(cliErrorLine("") == "gregor: error: unknown error")
    }

    @Test func formatsDecimals() {
        #expect(DecimalFormatting.fixed(3.14159, places: 2) == "3.14")
        #expect(DecimalFormatting.fixed(2.5, places: 0) == "3")
        #expect(DecimalFormatting.fixed(0.0449, places: 3) == "0.045")
        #expect(DecimalFormatting.fixed(-1.05, places: 1) == "-1.1" || DecimalFormatting.fixed(-1.05, places: 1) == "-1.0")
        #expect(DecimalFormatting.fixed(12, places: 3) == "12.000")
        #expect(DecimalFormatting.fixed(.nan, places: 1) == "nan")
        #expect(DecimalFormatting.bytes(512) == "512 B")
        #expect(DecimalFormatting.bytes(1536) == "1.5 KiB")
        #expect(DecimalFormatting.bytes(3 * 1024 * 1024 + 104_858) == "3.1 MiB")
    }

    @Test func summarizesThroughput() {
        let summary = ThroughputSummary(verb: "produced", records: 10_000, bytes: 1_160_000, elapsed: .milliseconds(500))
        #expect(summary.recordsPerSecond == 20_000)
        #expect(summary.line == "produced 10000 records (1.1 MiB) in 0.500 s: 20000 records/s, 2.2 MiB/s")
        let single = ThroughputSummary(verb: "consumed", records: 1, bytes: 0, elapsed: .zero)
        #expect(single.line == "consumed 1 record (0 B) in 0.000 s: 0 records/s, 0 B/s")
    }

    @Test func rendersBytesForDisplay() {
        #expect(Array("a\nb\tc".utf8).withUnsafeBytes { DisplayText.render($0) } == "a\\nb\\tc")
        #expect(DisplayText.render(nil) == "(null)")
        #expect([UInt8]([0xFF, 0x01]).withUnsafeBytes { DisplayText.render($0) } == "base64:/wE=")
        #expect(Array("\u{01}".utf8).withUnsafeBytes { DisplayText.render($0) } == "\\x01")
        #expect(DisplayText.truncate("abcdefgh", width: 5) == "abcd…")
        #expect(DisplayText.truncate("abc", width: 5) == "abc")
    }

    @Test func formatsTableRowsInAlignedColumns() {
        let table = RecordTable(topics: ["orders", "t"], keyWidth: 6)
        let row = Array("value".utf8).withUnsafeBytes { value in
            Array("customer-42".utf8).withUnsafeBytes { key in
                table.line(
                    topic: "t", partition: 2, offset: 1234, timestamp: 1_704_067_200_123,
                    key: key, value: value, headers: [RecordHeader(key: "h", value: nil)])
            }
        }
        #expect(table.header == "TOPIC   PARTITION        OFFSET  TIMESTAMP                 KEY     VALUE")
        #expect(row == "t               2          1234  2024-01-01T00:00:00.123Z  custo…  value  [h=(null)]")
        #expect(row.firstRange(of: "value")?.lowerBound.utf16Offset(in: row) == table.header.firstRange(of: "VALUE")?.lowerBound.utf16Offset(in: table.header))
    }

    @Test func tracksTheLiveEndByPosition() {
        let a0 = CLITopicPartition(topic: "a", partition: 0)
        let a1 = CLITopicPartition(topic: "a", partition: 1)
        let b0 = CLITopicPartition(topic: "b", partition: 0)
        var tracker = LiveEndTracker(
            endOffsets: [a0: 10, a1: 0, b0: 5],
            startPositions: [a0: 0, a1: 0, b0: 5])
        // a1 is empty and b0 starts at its end: only a0 has anything to deliver.
        #expect(tracker.remaining == [a0])
        #expect(!tracker.isComplete)
        tracker.advance(a0, to: 9)
        #expect(!tracker.isComplete)
        // A control record at offset 9 is never printed, but the position moves past it.
        tracker.advance(a0, to: 10)
        #expect(tracker.isComplete)
    }

    @Test func liveEndIsCompleteAtOnceForEmptyPartitions() {
        let p = CLITopicPartition(topic: "x", partition: 0)
        #expect(LiveEndTracker(endOffsets: [p: 0], startPositions: [p: 0]).isComplete)
        #expect(LiveEndTracker(endOffsets: [:], startPositions: [:]).isComplete)
        var positionsPastEnd = LiveEndTracker(endOffsets: [p: 3], startPositions: [p: 0])
        positionsPastEnd.advance(p, to: 7)
        #expect(positionsPastEnd.isComplete)
    }
}
