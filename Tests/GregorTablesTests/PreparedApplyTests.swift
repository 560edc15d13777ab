@testable import Gregor
@testable import GregorTables
import GregorProtocol
import Logging
import NIOCore
import Testing

/// The replay of a compact table prepares each answer in a task beside the apply loop
/// (`RecordPreparingSink`: checks, decodes, allocates and hashes), and the apply loop only stores
/// the prepared records.
@Suite struct PreparedApplyTests {
    /// Keys `a`…`e`: a value, no key, a tombstone, bytes the codec rejects, a value.
    static let records: [(key: String?, value: String?)] = [("a", "1"), (nil, "2"), ("c", nil), ("d", "bad"), ("e", "5")]

    static func answer() throws -> FetchedRecords {
        var builder = RecordBatchBuilder(baseOffset: 0)
        for record in records {
            try builder.append(key: record.key.map { Array($0.utf8) }, value: record.value.map { Array($0.utf8) }, headers: [], timestamp: 1_700_000_000_000)
        }
        var batch = ByteBuffer()
        try builder.encode(into: &batch)
        return FetchedRecords(
            partition: FetchPartitionID(topic: "t", partition: 0), fetchOffset: 0, records: batch, highWatermark: 5,
            lastStableOffset: 5, logStartOffset: 0, options: RecordBatchDecodingOptions(), generation: 0)
    }

    static let intCodec = TableCodec<Int>(
        encode: { Array(String($0).utf8) },
        decode: { bytes in
            guard let value = Int(String(decoding: bytes, as: UTF8.self)) else { throw TableCodecError.invalidUTF8(byteCount: bytes.count) }
            return value
        })

    /// What each prepared record says, for comparing.
    static func describe(_ record: PreparedRecord) -> String {
        switch record {
        case .keyless: "keyless"
        case .keyRejected: "key rejected"
        case .valueRejected: "value rejected"
        case .tombstone(let marker, let tag):
            "tombstone \(marker.withKeyBytes { String(decoding: $0, as: UTF8.self) }) \(tag == marker.withKeyBytes { keyTag($0) })"
        case .set(let entry, let tag):
            "set \(entry.withKeyBytes { String(decoding: $0, as: UTF8.self) }) \(entry.value(as: Int.self, layout: TableValueLayout.of(Int.self)) ?? -1) \(tag == entry.withKeyBytes { keyTag($0) })"
        }
    }

    @Test func eachRecordIsPreparedByTheTablesRulesInOrder() throws {
        let forms = try #require(TableState(keyCodec: .string, valueCodec: Self.intCodec).entryForms)
        var decoder = RecordBatchDecoder()
        let prepared = RecordPreparingSink.prepare(try Self.answer(), forms: forms, using: &decoder)
        #expect(prepared.records.copies.map(Self.describe) == ["set a 1 true", "keyless", "tombstone c true", "value rejected", "set e 5 true"])
        #expect(prepared.nextPosition == 5)
        #expect(prepared.error == nil)
        // The count the batch headers announce only sizes the list: right, short or absurd, the
        // records are the same.
        for announced in [5, 1, 1 << 40] {
            let sized = RecordPreparingSink.prepare(try Self.answer(), forms: forms, expectedRecords: announced, using: &decoder)
            #expect(sized.records.copies.map(Self.describe) == prepared.records.copies.map(Self.describe), "announced \(announced)")
        }
        // Keys the key codec rejects are caught before the value is looked at.
        let invalidKey: [UInt8] = [0xC3, 0x28]
        let rejected = invalidKey.withUnsafeBytes { key in Array("1".utf8).withUnsafeBytes { forms.prepare(key: key, value: $0) } }
        #expect(Self.describe(rejected) == "key rejected")
    }

    @Test func onlyTablesWithByteKeysPrepareAhead() {
        #expect(TableState(keyCodec: .string, valueCodec: .string).entryForms != nil)
        #expect(TableState(keyCodec: .string, valueCodec: Self.intCodec).entryForms != nil)
        #expect(TableState(keyCodec: .json(String.self), valueCodec: Self.intCodec).entryForms == nil)
    }

    @Test func aPreparedAnswerIsStoredAndMovesThePartitionsPositionToItsEnd() throws {
        let store = KeyValueTableStore(keyCodec: TableCodec<String>.string, valueCodec: Self.intCodec)
        let configuration = KafkaTableConfiguration(client: try KafkaClientConfiguration(bootstrap: "localhost:9092"))
        let reader = TableReader(topic: "t", configuration: configuration, store: store, logger: Logger(label: "test"))
        reader.state.withLock { $0.status = .loading }
        let forms = try #require(store.entryForms)
        var records = try Self.answer()
        var decoder = RecordBatchDecoder()
        let prepared = RecordPreparingSink.prepare(records, forms: forms, using: &decoder)
        reader.apply(&records, epoch: reader.state.withLock { $0.epoch }, prepared: prepared, using: &decoder)
        #expect(reader.state.withLock { $0.positions[0] } == 5)
        #expect(reader.withStore { $0.count } == 2)
        #expect(reader.stats.keylessRecords == 1 && reader.stats.valueDecodeErrors == 1 && reader.stats.tombstonesApplied == 1)
    }

    @Test(arguments: [false, true])
    func storingPreparedRecordsEqualsApplyingTheRecords(byteValues: Bool) throws {
        func state() -> TableState<String, String> {
            TableState(keyCodec: .string, valueCodec: byteValues ? .string : TableCodec(encode: { Array($0.utf8) }, decode: { String(decoding: $0, as: UTF8.self) }))
        }
        var direct = state()
        var stored = state()
        for seed in [("c", "old"), ("d", "4")] {
            _ = direct.apply(Array(seed.0.utf8), Array(seed.1.utf8))
            _ = stored.apply(Array(seed.0.utf8), Array(seed.1.utf8))
        }
        for record in Self.records {
            _ = direct.apply(record.key.map { Array($0.utf8) }, record.value.map { Array($0.utf8) })
        }
        let forms = try #require(stored.entryForms)
        var decoder = RecordBatchDecoder()
        let prepared = RecordPreparingSink.prepare(try Self.answer(), forms: forms, using: &decoder)
        _ = stored.withCompactEntries { entries, stats in
            entries.store(prepared.records, stats: &stats)
        }
        #expect(stored.snapshot() == direct.snapshot())
        #expect(stored.stats == direct.stats)
        #expect(stored["c"] == nil && stored["d"] == "bad" && stored["e"] == "5")
    }
}

/// The replay makes room in the table for what each partition's first answer says it holds.
@Suite struct ReplayReserveTests {
    static func reader() throws -> TableReader<KeyValueTableStore<String, Int>> {
        let store = KeyValueTableStore(keyCodec: TableCodec<String>.string, valueCodec: PreparedApplyTests.intCodec)
        let configuration = KafkaTableConfiguration(client: try KafkaClientConfiguration(bootstrap: "localhost:9092"))
        let reader = TableReader(topic: "t", configuration: configuration, store: store, logger: Logger(label: "test"))
        reader.state.withLock { $0.status = .loading }
        return reader
    }

    /// `PreparedApplyTests.answer()` (5 records at offsets 0–4) with another high watermark.
    static func answer(highWatermark: Int64) throws -> FetchedRecords {
        let records = try PreparedApplyTests.answer()
        return FetchedRecords(
            partition: records.partition, fetchOffset: 0, records: records.records, highWatermark: highWatermark,
            lastStableOffset: highWatermark, logStartOffset: 0, options: RecordBatchDecodingOptions(), generation: 0)
    }

    static func capacity(_ reader: TableReader<KeyValueTableStore<String, Int>>) -> Int? {
        reader.state.withLock { state in state.store?.withCompactEntries { entries, _ in entries.baseCapacity } }
    }

    @Test func theFirstAnswerOfAPartitionReservesForTheRestAndCatchingUpGivesBackWhatWasNotUsed() throws {
        let reader = try Self.reader()
        // The engine reports the partition's start before its first answer.
        reader.state.withLock { state in
            state.partitions = [0]
            state.positions[0] = 0
        }
        let forms = try #require(reader.entryForms)
        var decoder = RecordBatchDecoder()
        #expect(Self.capacity(reader) == 16)
        // 5 records over offsets 0–4, 10 000 offsets to the high watermark: about 10 000 records.
        var records = try Self.answer(highWatermark: 10_000)
        let prepared = RecordPreparingSink.prepare(records, forms: forms, using: &decoder)
        reader.apply(&records, epoch: reader.state.withLock { $0.epoch }, prepared: prepared, using: &decoder)
        #expect(reader.state.withLock { $0.catchUp.expectedRecords } == 10_000)
        #expect(Self.capacity(reader) == FlatEntries.capacity(for: 10_000))
        // A later answer of the same partition reserves nothing more.
        var again = try Self.answer(highWatermark: 20_000)
        let preparedAgain = RecordPreparingSink.prepare(again, forms: forms, using: &decoder)
        reader.apply(&again, epoch: reader.state.withLock { $0.epoch }, prepared: preparedAgain, using: &decoder)
        #expect(reader.state.withLock { $0.catchUp.expectedRecords } == 10_000)
        // The records shared two keys: caught up, the table shrinks to fit them.
        reader.caughtUp(started: .now)
        #expect(reader.withStore { $0.count } == 2)
        #expect(Self.capacity(reader) == 16)
    }

    @Test func partitionsNotHeardFromAreTakenToHoldTheAverageSoFar() {
        var catchUp = TableCatchUp()
        #expect(catchUp.expect(1_000, in: 0, of: 4) == 4_000)
        #expect(catchUp.expect(3_000, in: 1, of: 4) == 8_000)
        #expect(catchUp.expect(0, in: 2, of: 4) == 5_333)
        #expect(catchUp.expect(100, in: 3, of: 4) == 4_100)
        #expect(catchUp.expect(TableCatchUp.reserveLimit, in: 0, of: 4) == TableCatchUp.reserveLimit)
    }

    @Test func theEstimateCountsTheShareOfOffsetsWithRecordsAndIsBounded() throws {
        let records = try Self.answer(highWatermark: 1_000)
        // 5 records over 10 offsets (compaction holes): half of the 1 000 offsets.
        #expect(TableCatchUp.partitionEstimate(from: records, prepared: 5, nextPosition: 10) == 500)
        #expect(TableCatchUp.partitionEstimate(from: records, prepared: 0, nextPosition: 10) == nil)
        #expect(TableCatchUp.partitionEstimate(from: records, prepared: 5, nextPosition: 0) == nil)
        let huge = try Self.answer(highWatermark: Int64.max)
        #expect(TableCatchUp.partitionEstimate(from: huge, prepared: 5, nextPosition: 5) == TableCatchUp.reserveLimit)
    }
}
