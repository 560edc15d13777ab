import Foundation
import GregorProtocol
import NIOCore
import Testing

/// Record batches written by real producers (librdkafka 2.16 through confluent-kafka, and
/// kafka-python for the Java client's xerial snappy framing), captured raw from a Tansu Fetch
/// response by `scripts/capture-interop-fixtures.py`. Each `.records` file is decoded by Gregor and
/// compared with the `.json` file next to it, which holds what the producer sent (the script's own
/// inputs, offsets from its delivery reports, cross-checked with a confluent-kafka consumer).
@Suite("Interop fixtures from real producers")
struct InteropFixtureTests {
    static let codecFixtures = ["none", "gzip", "snappy", "lz4", "zstd", "snappy-xerial"]

    @Test("decodes every record of a real producer's batches exactly", arguments: codecFixtures)
    func decodesProducerRecordsExactly(fixture: String) throws {
        let expected = try InteropFixture.load(fixture)
        var sink = InteropCollectingSink()
        let summary = try RecordBatchDecoder.decode(
            expected.records, location: RecordLocation(topic: expected.topic, partition: 0), into: &sink)

        #expect(sink.records.count == expected.expectedRecords.count)
        for (got, want) in zip(sink.records, expected.expectedRecords) {
            #expect(got == want, "offset \(want.offset)")
        }
        #expect(sink.controlRecords.isEmpty)
        #expect(summary.recordCount == expected.expectedRecords.count)
        #expect(summary.bytesConsumed == expected.records.readableBytes)
        #expect(summary.partialBatchBytes == 0)
        #expect(summary.batchCount == expected.batches.count)
        #expect(summary.nextOffset == expected.batches.last.map { $0.baseOffset + Int64($0.lastOffsetDelta) + 1 })
    }

    @Test("reports the batch headers the producer wrote", arguments: codecFixtures)
    func reportsBatchHeaders(fixture: String) throws {
        let expected = try InteropFixture.load(fixture)
        var sink = InteropCollectingSink()
        _ = try RecordBatchDecoder.decode(expected.records, into: &sink)

        #expect(sink.batches.count == expected.batches.count)
        for (got, want) in zip(sink.batches, expected.batches) {
            #expect(got.baseOffset == want.baseOffset)
            #expect(got.batchLength == want.batchLength)
            #expect(got.crc == want.crc)
            #expect(got.attributes.rawValue == want.attributes)
            #expect(got.attributes.compression == interopCodecs[want.compression])
            #expect(got.attributes.timestampType == .createTime)
            #expect(got.lastOffsetDelta == want.lastOffsetDelta)
            #expect(got.baseTimestamp == want.baseTimestamp)
            #expect(got.maxTimestamp == want.maxTimestamp)
            #expect(got.producerId == want.producerId)
            #expect(got.producerEpoch == want.producerEpoch)
            #expect(got.baseSequence == want.baseSequence)
            #expect(got.recordCount == want.recordCount)
        }
    }

    @Test("the codec fixtures use their codec and exceed one 64 KiB compression block")
    func fixturesExerciseTheirCodec() throws {
        for fixture in Self.codecFixtures {
            let expected = try InteropFixture.load(fixture)
            let codec = fixture == "snappy-xerial" ? "snappy" : fixture
            #expect(expected.batches.contains { $0.compression == codec }, "\(fixture)")
            let largest = expected.expectedRecords.compactMap { $0.value?.count }.max() ?? 0
            #expect(largest > 64 * 1024, "\(fixture)")
        }
    }

    @Test("the columnar MessageBatch holds exactly the producer's records", arguments: codecFixtures)
    func messageBatchHoldsProducerRecords(fixture: String) throws {
        let expected = try InteropFixture.load(fixture)
        var builder = MessageBatchBuilder(capacity: 4, averageMessageSize: 16)
        _ = try RecordBatchDecoder.decode(
            expected.records, location: RecordLocation(topic: expected.topic, partition: 0), into: &builder)
        let batch = builder.finish()

        #expect(batch.count == expected.expectedRecords.count)
        #expect(batch.topics == [expected.topic])
        for (index, want) in zip(0..<batch.count, expected.expectedRecords) {
            #expect(batch.offset(at: index) == want.offset)
            #expect(batch.timestamp(at: index) == want.timestamp, "offset \(want.offset)")
            #expect(batch.partition(at: index) == 0)
            #expect(batch.topic(at: index) == expected.topic)
            #expect(batch.key(at: index) == want.key, "offset \(want.offset)")
            #expect(batch.value(at: index) == want.value, "offset \(want.offset)")
            let headers = batch.headers(at: index).map { InteropHeader(key: Array($0.key.utf8), value: $0.value) }
            #expect(headers == want.headers, "offset \(want.offset)")
        }
        #expect(batch.keyColumn.nullCount == expected.expectedRecords.filter { $0.key == nil }.count)
        #expect(batch.valueColumn.nullCount == expected.expectedRecords.filter { $0.value == nil }.count)
    }

    @Test(
        "Gregor's encoder rewrites the uncompressed batches of librdkafka, kafka-python and Tansu byte for byte",
        arguments: ["none", "snappy-xerial", "transactional"])
    func encoderReproducesUncompressedBatches(fixture: String) throws {
        let expected = try InteropFixture.load(fixture)
        var compared = 0
        for batch in expected.batches where batch.attributes & 0x07 == 0 {
            var builder = RecordBatchBuilder(baseOffset: batch.baseOffset)
            builder.partitionLeaderEpoch = batch.partitionLeaderEpoch
            builder.producerId = batch.producerId
            builder.producerEpoch = batch.producerEpoch
            builder.baseSequence = batch.baseSequence
            builder.isTransactional = batch.attributes & 0x10 != 0
            builder.isControl = batch.attributes & 0x20 != 0
            let offsets = batch.baseOffset...(batch.baseOffset + Int64(batch.lastOffsetDelta))
            if builder.isControl {
                for marker in expected.expectedMarkers where offsets.contains(marker.offset) {
                    try builder.appendControlRecord(
                        marker.type, coordinatorEpoch: marker.coordinatorEpoch ?? 0, timestamp: marker.timestamp,
                        offsetDelta: Int32(marker.offset - batch.baseOffset))
                }
            } else {
                for record in expected.expectedRecords where offsets.contains(record.offset) {
                    try builder.append(
                        key: record.key, value: record.value,
                        headers: record.headers.map { RecordHeader(key: String(decoding: $0.key, as: UTF8.self), value: $0.value) },
                        timestamp: record.timestamp, offsetDelta: Int32(record.offset - batch.baseOffset))
                }
            }
            var encoded = ByteBuffer()
            try builder.encode(into: &encoded)
            let original = expected.records.getSlice(
                at: expected.records.readerIndex + batch.byteOffset,
                length: RecordBatchHeader.logOverhead + Int(batch.batchLength))
            #expect(encoded == original, "\(fixture): batch at offset \(batch.baseOffset)")
            compared += 1
        }
        #expect(compared >= 1)
    }

    @Test("read_uncommitted delivers committed and aborted records and every transaction marker")
    func transactionalReadUncommitted() throws {
        let expected = try InteropFixture.load("transactional")
        var sink = InteropCollectingSink()
        let summary = try RecordBatchDecoder.decode(expected.records, into: &sink)

        #expect(sink.records == expected.expectedRecords)
        #expect(sink.controlRecords == expected.expectedMarkers)
        #expect(sink.controlRecords.map(\.type) == [.commit, .abort, .commit])
        #expect(summary.controlRecordCount == 3)
        #expect(summary.abortedRecordCount == 0)
        #expect(sink.batches.allSatisfy { $0.attributes.isTransactional && $0.producerId == expected.producerId })
    }

    @Test("read_committed with the aborted-transactions list skips exactly the aborted records")
    func transactionalReadCommitted() throws {
        let expected = try InteropFixture.load("transactional")
        let aborted = expected.abortedTransactions
        #expect(aborted.count == 1)
        var sink = InteropCollectingSink()
        let summary = try RecordBatchDecoder.decode(
            expected.records, into: &sink, options: RecordBatchDecodingOptions(abortedTransactions: aborted))

        let committed = zip(expected.expectedRecords, expected.transactionOutcomes)
            .filter { $0.1 == "commit" }.map(\.0)
        #expect(committed.count == 4)
        #expect(sink.records == committed)
        #expect(sink.controlRecords == expected.expectedMarkers)
        #expect(summary.abortedRecordCount == expected.transactionOutcomes.filter { $0 == "abort" }.count)
        #expect(summary.nextOffset == expected.batches.last.map { $0.baseOffset + Int64($0.lastOffsetDelta) + 1 })
    }

    @Test("a fetch cut inside a real batch yields the complete batches and reports the rest as partial")
    func truncatedFetchKeepsCompleteBatches() throws {
        for fixture in Self.codecFixtures {
            let expected = try InteropFixture.load(fixture)
            guard expected.batches.count >= 2 else { continue }
            let second = expected.batches[1]
            let cut = second.byteOffset + Int(second.batchLength) / 2
            let truncated = expected.records.getSlice(at: expected.records.readerIndex, length: cut) ?? ByteBuffer()
            var sink = InteropCollectingSink()
            let summary = try RecordBatchDecoder.decode(truncated, into: &sink)

            let firstBatchRecords = expected.expectedRecords.filter {
                $0.offset <= expected.batches[0].baseOffset + Int64(expected.batches[0].lastOffsetDelta)
            }
            #expect(sink.records == firstBatchRecords, "\(fixture)")
            #expect(summary.bytesConsumed == second.byteOffset, "\(fixture)")
            #expect(summary.partialBatchBytes == cut - second.byteOffset, "\(fixture)")
            #expect(summary.nextOffset == second.baseOffset, "\(fixture)")
        }
    }

    @Test("a flipped byte in a real compressed batch is a CRC error naming topic, partition and offset")
    func corruptedBatchIsACRCError() throws {
        for fixture in ["gzip", "snappy", "lz4", "zstd"] {
            let expected = try InteropFixture.load(fixture)
            let second = expected.batches[1]
            var corrupted = expected.records
            let index = corrupted.readerIndex + second.byteOffset + RecordBatchHeader.size + 100
            let original = corrupted.getInteger(at: index, as: UInt8.self) ?? 0
            corrupted.setInteger(original ^ 0x5A, at: index)
            var sink = InteropCollectingSink()
            let location = RecordLocation(topic: expected.topic, partition: 0)
            do {
                _ = try RecordBatchDecoder.decode(corrupted, location: location, into: &sink)
                Issue.record("\(fixture): a corrupted batch decoded without error")
            } catch {
                guard case let .crcMismatch(stored, computed, failedAt) = error else {
                    Issue.record("\(fixture): expected a CRC mismatch, got \(error)")
                    continue
                }
                #expect(stored == second.crc, "\(fixture)")
                #expect(computed != stored, "\(fixture)")
                #expect(failedAt == RecordLocation(topic: expected.topic, partition: 0, offset: second.baseOffset))
                // The first batch was intact and was delivered before the error.
                #expect(sink.records.count == Int(expected.batches[0].recordCount), "\(fixture)")
            }
        }
    }
}

/// The codecs by the names the capture script writes (Kafka's `compression.type` values).
private let interopCodecs: [String: CompressionCodec] = [
    "none": .none, "gzip": .gzip, "snappy": .snappy, "lz4": .lz4, "zstd": .zstd,
]
