import GregorProtocol
import NIOCore
import Testing

@Suite("Record batch: control batches and read_committed")
struct RecordBatchControlTests {
    typealias Input = RecordBatchTestKit.Input

    static func dataBatch(_ baseOffset: Int64, producer: Int64, count: Int, transactional: Bool = true) throws -> ByteBuffer {
        let inputs = (0..<count).map { Input(key: nil, value: Array("p\(producer)-\(baseOffset + Int64($0))".utf8), timestamp: 100) }
        return try RecordBatchTestKit.encode(inputs, baseOffset: baseOffset) {
            $0.producerId = producer
            $0.producerEpoch = 0
            $0.baseSequence = 0
            $0.isTransactional = transactional
        }
    }

    static func marker(_ type: ControlRecordType, at offset: Int64, producer: Int64) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(baseOffset: offset)
        builder.producerId = producer
        builder.producerEpoch = 0
        builder.isTransactional = true
        builder.isControl = true
        try builder.appendControlRecord(type, coordinatorEpoch: 4, timestamp: 200)
        var buffer = ByteBuffer()
        try builder.encode(into: &buffer)
        return buffer
    }

    static func concatenate(_ parts: [ByteBuffer]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for part in parts { buffer.writeImmutableBuffer(part) }
        return buffer
    }

    @Test("a control batch is recognised, decoded as a marker and not delivered as data")
    func controlBatch() throws {
        let buffer = Self.concatenate([
            try Self.dataBatch(0, producer: 1, count: 2),
            try Self.marker(.commit, at: 2, producer: 1),
        ])
        let (sink, summary) = try RecordBatchTestKit.decode(buffer)
        #expect(sink.records.map(\.offset) == [0, 1])
        #expect(sink.batches.count == 1)
        #expect(sink.controlRecords == [ControlRecord(
            offset: 2, timestamp: 200, producerId: 1, producerEpoch: 0, version: 0, type: .commit, coordinatorEpoch: 4)])
        #expect(summary.controlRecordCount == 1)
        #expect(summary.recordCount == 2)
        #expect(summary.batchCount == 2)
        #expect(summary.nextOffset == 3)
    }

    @Test("a hand-built ABORT marker decodes: key version 0 type 0, value version 0 coordinator epoch")
    func handBuiltAbortMarker() throws {
        var record = SpecBytes()
        record.int8(0)
        record.raw([0, 0])          // timestamp delta 0, offset delta 0
        record.raw([0x08])          // key length 4
        record.int16(0)             // version
        record.int16(0)             // type ABORT
        record.raw([0x0C])          // value length 6
        record.int16(0)             // version
        record.int32(9)             // coordinator epoch
        record.raw([0x00])          // no headers
        var checked = SpecBytes()
        checked.int16(0x30)         // transactional | control
        checked.int32(0)
        checked.int64(55)
        checked.int64(55)
        checked.int64(77)           // producerId
        checked.int16(2)            // producerEpoch
        checked.int32(-1)
        checked.int32(1)
        checked.raw([UInt8(record.bytes.count * 2)])
        checked.raw(record.bytes)
        var batch = SpecBytes()
        batch.int64(30)
        batch.int32(Int32(9 + checked.bytes.count))
        batch.int32(0)
        batch.int8(2)
        batch.uint32(checked.bytes.withUnsafeBytes { CRC32C.checksum($0) })
        batch.raw(checked.bytes)
        let (sink, _) = try RecordBatchTestKit.decode(ByteBuffer(bytes: batch.bytes))
        #expect(sink.records.isEmpty)
        #expect(sink.controlRecords == [ControlRecord(
            offset: 30, timestamp: 55, producerId: 77, producerEpoch: 2, version: 0, type: .abort, coordinatorEpoch: 9)])
    }

    @Test("a control record whose key is shorter than 4 bytes is an error")
    func shortControlKey() throws {
        var builder = RecordBatchBuilder(baseOffset: 0)
        builder.isControl = true
        try builder.append(key: [0, 0], value: nil, timestamp: 0)
        var buffer = ByteBuffer()
        try builder.encode(into: &buffer)
        guard case .corruptRecordBatch = RecordBatchTestKit.decodingError(buffer) else {
            Issue.record("expected a corrupt-batch error")
            return
        }
    }

    /// Producer 1 commits offsets 0-1 (marker 2); producer 2 aborts 3-4 (marker 7) interleaved
    /// with producer 1's second transaction 5-6 (marker 8, commit); producer 3 is not transactional (9).
    static func interleaved() throws -> ByteBuffer {
        concatenate([
            try dataBatch(0, producer: 1, count: 2),
            try marker(.commit, at: 2, producer: 1),
            try dataBatch(3, producer: 2, count: 2),
            try dataBatch(5, producer: 1, count: 2),
            try marker(.abort, at: 7, producer: 2),
            try marker(.commit, at: 8, producer: 1),
            try dataBatch(9, producer: 3, count: 1, transactional: false),
        ])
    }

    @Test("read_uncommitted delivers aborted records too")
    func readUncommitted() throws {
        let (sink, summary) = try RecordBatchTestKit.decode(try Self.interleaved())
        #expect(sink.records.map(\.offset) == [0, 1, 3, 4, 5, 6, 9])
        #expect(sink.controlRecords.map(\.type) == [.commit, .abort, .commit])
        #expect(summary.abortedRecordCount == 0)
        #expect(summary.nextOffset == 10)
    }

    @Test("read_committed skips exactly the aborted transaction's records")
    func readCommitted() throws {
        let options = RecordBatchDecodingOptions(abortedTransactions: [AbortedTransaction(producerId: 2, firstOffset: 3)])
        let (sink, summary) = try RecordBatchTestKit.decode(try Self.interleaved(), options: options)
        #expect(sink.records.map(\.offset) == [0, 1, 5, 6, 9])
        #expect(sink.controlRecords.map(\.type) == [.commit, .abort, .commit])
        #expect(summary.abortedRecordCount == 2)
        #expect(summary.recordCount == 5)
        #expect(summary.nextOffset == 10)
    }
}

@Suite("AbortedTransactionFilter")
struct AbortedTransactionFilterTests {
    static func header(
        _ baseOffset: Int64, lastDelta: Int32 = 0, producer: Int64, transactional: Bool = true, control: Bool = false
    ) -> RecordBatchHeader {
        RecordBatchHeader(
            baseOffset: baseOffset, batchLength: 49, partitionLeaderEpoch: 0, crc: 0,
            attributes: RecordBatchAttributes(isTransactional: transactional, isControl: control),
            lastOffsetDelta: lastDelta, baseTimestamp: 0, maxTimestamp: 0, producerId: producer, producerEpoch: 0,
            baseSequence: 0, recordCount: lastDelta + 1)
    }

    func expectSkip(
        _ expected: Bool, _ filter: inout AbortedTransactionFilter, _ header: RecordBatchHeader,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let skipped = filter.shouldSkip(header)
        #expect(skipped == expected, sourceLocation: sourceLocation)
    }

    static func abortMarker(producer: Int64) -> ControlRecord {
        ControlRecord(offset: 0, timestamp: 0, producerId: producer, producerEpoch: 0, version: 0, type: .abort, coordinatorEpoch: nil)
    }

    @Test("no aborted transactions: nothing is skipped")
    func nothingAborted() {
        var filter = AbortedTransactionFilter(abortedTransactions: [])
        expectSkip(false, &filter, Self.header(0, producer: 1))
    }

    @Test("a producer's batches are skipped from its abort's first offset until its ABORT marker")
    func skipsUntilMarker() {
        var filter = AbortedTransactionFilter(abortedTransactions: [AbortedTransaction(producerId: 1, firstOffset: 10)])
        expectSkip(false, &filter, Self.header(0, lastDelta: 4, producer: 1))    // before the aborted transaction
        expectSkip(true, &filter, Self.header(10, lastDelta: 2, producer: 1))
        expectSkip(false, &filter, Self.header(13, producer: 2))                 // another producer
        expectSkip(true, &filter, Self.header(14, producer: 1))
        expectSkip(false, &filter, Self.header(15, producer: 1, control: true))  // the marker batch itself is read
        filter.observe(Self.abortMarker(producer: 1))
        expectSkip(false, &filter, Self.header(16, producer: 1))                 // a later transaction
    }

    @Test("a COMMIT marker does not end an abort; another producer's ABORT does not either")
    func onlyOwnAbortEnds() {
        var filter = AbortedTransactionFilter(abortedTransactions: [AbortedTransaction(producerId: 1, firstOffset: 0)])
        expectSkip(true, &filter, Self.header(0, producer: 1))
        filter.observe(ControlRecord(offset: 1, timestamp: 0, producerId: 1, producerEpoch: 0, version: 0, type: .commit, coordinatorEpoch: nil))
        filter.observe(Self.abortMarker(producer: 2))
        expectSkip(true, &filter, Self.header(2, producer: 1))
    }

    @Test("non-transactional batches are never skipped")
    func nonTransactional() {
        var filter = AbortedTransactionFilter(abortedTransactions: [AbortedTransaction(producerId: 1, firstOffset: 0)])
        expectSkip(false, &filter, Self.header(0, producer: 1, transactional: false))
        #expect(filter.abortedProducers == [1])
    }

    @Test("an abort is reached when it starts inside a batch (first offset <= last offset)")
    func abortStartingInsideBatch() {
        var filter = AbortedTransactionFilter(abortedTransactions: [AbortedTransaction(producerId: 1, firstOffset: 12)])
        expectSkip(true, &filter, Self.header(10, lastDelta: 5, producer: 1))
    }

    @Test("the aborted list may come in any order; two aborts of one producer are handled in turn")
    func unorderedList() {
        var filter = AbortedTransactionFilter(abortedTransactions: [
            AbortedTransaction(producerId: 1, firstOffset: 20),
            AbortedTransaction(producerId: 1, firstOffset: 0),
        ])
        expectSkip(true, &filter, Self.header(0, producer: 1))
        filter.observe(Self.abortMarker(producer: 1))
        expectSkip(false, &filter, Self.header(10, producer: 1))   // committed transaction in between
        expectSkip(true, &filter, Self.header(20, producer: 1))
    }
}
