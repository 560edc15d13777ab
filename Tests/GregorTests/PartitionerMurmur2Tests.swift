import Foundation
import Testing

@testable import Gregor

/// The keyed-record partitioner against Kafka's published murmur2 vectors and against librdkafka
/// (`partitioner=murmur2_random`) for 10 000 random keys (fixture from scripts/gen-partitioner-fixture.py).
@Suite("Partitioner murmur2")
struct PartitionerMurmur2Tests {
    /// Apache Kafka's `UtilsTest.testMurmur2` vectors (Java signed ints).
    @Test("murmur2 matches Kafka's UtilsTest vectors")
    func kafkaVectors() {
        let cases: [(String, Int32)] = [
            ("21", -973_932_308),
            ("foobar", -790_332_482),
            ("a-little-bit-long-string", -985_981_536),
            ("a-little-bit-longer-string", -1_486_304_829),
            ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
            ("abc", 479_470_107),
        ]
        for (text, expected) in cases {
            let hash = Array(text.utf8).withUnsafeBytes { Murmur2Partitioner.murmur2($0) }
            #expect(Int32(bitPattern: hash) == expected, "murmur2(\(text))")
        }
    }

    @Test("toPositive clears the sign bit instead of negating")
    func toPositive() {
        #expect(Murmur2Partitioner.toPositive(UInt32(bitPattern: -1)) == 0x7fff_ffff)
        #expect(Murmur2Partitioner.toPositive(UInt32(bitPattern: Int32.min)) == 0)
        #expect(Murmur2Partitioner.toPositive(42) == 42)
    }

    @Test("a non-positive partition count yields no partition")
    func noPartitions() {
        #expect(Murmur2Partitioner.partition(forKey: [1, 2, 3], partitionCount: 0) == nil)
        #expect(Murmur2Partitioner.partition(forKey: [1, 2, 3], partitionCount: -4) == nil)
    }

    @Test("10 000 random keys land where librdkafka's murmur2_random puts them")
    func matchesLibrdkafka() throws {
        let fixture = try PartitionerFixture.load()
        #expect(fixture.rows.count == 10_000)
        var mismatches: [String] = []
        for row in fixture.rows {
            for (column, count) in fixture.counts.enumerated() {
                let ours = Murmur2Partitioner.partition(forKey: row.key, partitionCount: count)
                let viaRaw = row.key.withUnsafeBytes { Murmur2Partitioner.partition(forKey: $0, partitionCount: count) }
                if ours != row.partitions[column] || viaRaw != row.partitions[column] {
                    mismatches.append("key \(row.key) count \(count): librdkafka \(row.partitions[column]), Gregor \(String(describing: ours))")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(3))")
    }
}

/// Tests/GregorTests/Fixtures/partitioner-murmur2.txt, parsed.
struct PartitionerFixture {
    struct Row {
        var key: [UInt8]
        var partitions: [Int32]
    }

    var counts: [Int32]
    var rows: [Row]

    static func load() throws -> PartitionerFixture {
        guard let url = Bundle.module.url(forResource: "Fixtures/partitioner-murmur2", withExtension: "txt") else {
            throw PartitionerFixtureError("partitioner-murmur2.txt is missing from the test bundle")
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        var counts: [Int32] = []
        var rows: [Row] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: " ")
            if fields.first == "counts" {
                counts = fields.dropFirst().compactMap { Int32($0) }
                continue
            }
            guard fields.count == counts.count + 1, let key = hexBytes(fields[0]) else {
                throw PartitionerFixtureError("bad fixture line: \(line)")
            }
            rows.append(Row(key: key, partitions: fields.dropFirst().compactMap { Int32($0) }))
        }
        return PartitionerFixture(counts: counts, rows: rows)
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        if text == "-" { return [] }
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

struct PartitionerFixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
