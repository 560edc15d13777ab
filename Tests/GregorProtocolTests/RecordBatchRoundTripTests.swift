import GregorProtocol
import NIOCore
import Testing

@Suite("Record batch: encode then decode")
struct RecordBatchRoundTripTests {
    typealias Input = RecordBatchTestKit.Input

    static let mixedInputs: [Input] = [
        Input(key: nil, value: nil, timestamp: 1_000),                                  // null key, tombstone
        Input(key: [], value: [], timestamp: 1_010),                                    // empty, not null
        Input(key: Array("key".utf8), value: Array("value".utf8), timestamp: 990),      // negative delta
        Input(
            key: [0, 255, 7], value: nil,
            headers: [
                RecordHeader(key: "trace", value: Array("abc".utf8)),
                RecordHeader(key: "nullvalue", value: nil),
                RecordHeader(key: "", value: []),
                RecordHeader(key: "ünïcode", value: [1, 2, 3]),
            ],
            timestamp: 5_000_000),                                                      // large positive delta
    ]

    static func expected(_ inputs: [Input], baseOffset: Int64) -> [CollectedRecord] {
        inputs.enumerated().map { index, input in
            CollectedRecord(
                offset: baseOffset + Int64(index), timestamp: input.timestamp, key: input.key, value: input.value,
                headers: input.headers)
        }
    }

    @Test("null and empty keys and values, headers with null values, negative and positive timestamp deltas")
    func mixedRecords() throws {
        let buffer = try RecordBatchTestKit.encode(Self.mixedInputs, baseOffset: 42)
        let (sink, summary) = try RecordBatchTestKit.decode(buffer)
        #expect(sink.records == Self.expected(Self.mixedInputs, baseOffset: 42))
        let header = try #require(sink.batches.first)
        #expect(header.baseTimestamp == 1_000)
        #expect(header.maxTimestamp == 5_000_000)
        #expect(header.lastOffsetDelta == 3)
        #expect(summary.nextOffset == 46)
        #expect(summary.bytesConsumed == buffer.readableBytes)
    }

    @Test("many records and several batches in one buffer")
    func manyRecordsManyBatches() throws {
        var random = SplitMix64(seed: 7)
        var buffer = ByteBuffer()
        var all: [CollectedRecord] = []
        var baseOffset: Int64 = 0
        for batch in 0..<5 {
            let inputs = (0..<(200 + batch * 37)).map { index in
                Input(
                    key: index % 7 == 0 ? nil : random.bytes(Int(random.next() % 40)),
                    value: index % 11 == 0 ? nil : random.bytes(Int(random.next() % 300)),
                    headers: index % 3 == 0 ? [RecordHeader(key: "n\(index)", value: random.bytes(3))] : [],
                    timestamp: 1_700_000_000_000 + Int64(random.next() % 10_000) - 5_000)
            }
            buffer.writeImmutableBuffer(try RecordBatchTestKit.encode(inputs, baseOffset: baseOffset))
            all += Self.expected(inputs, baseOffset: baseOffset)
            baseOffset += Int64(inputs.count)
        }
        let (sink, summary) = try RecordBatchTestKit.decode(buffer)
        #expect(sink.records == all)
        #expect(summary.batchCount == 5)
        #expect(summary.recordCount == all.count)
        #expect(summary.nextOffset == baseOffset)
    }

    @Test("producer id, epoch, sequence, leader epoch and the transactional flag survive", arguments: [false, true])
    func producerFields(transactional: Bool) throws {
        let buffer = try RecordBatchTestKit.encode([Input(key: nil, value: [1], timestamp: 5)], baseOffset: 9) {
            $0.producerId = 123_456_789_012
            $0.producerEpoch = 17
            $0.baseSequence = 99
            $0.partitionLeaderEpoch = 3
            $0.isTransactional = transactional
        }
        let (sink, _) = try RecordBatchTestKit.decode(buffer)
        let header = try #require(sink.batches.first)
        #expect(header.producerId == 123_456_789_012)
        #expect(header.producerEpoch == 17)
        #expect(header.baseSequence == 99)
        #expect(header.partitionLeaderEpoch == 3)
        #expect(header.attributes.isTransactional == transactional)
        #expect(header.hasProducerId)
    }

    @Test("LogAppendTime written by the encoder: records take the append time")
    func logAppendTimeRoundTrip() throws {
        let inputs = [Input(key: nil, value: [1], timestamp: 10), Input(key: nil, value: [2], timestamp: 20)]
        let buffer = try RecordBatchTestKit.encode(inputs) {
            $0.timestampType = .logAppendTime
            $0.logAppendTime = 777
        }
        let (sink, _) = try RecordBatchTestKit.decode(buffer)
        #expect(sink.batches.first?.maxTimestamp == 777)
        #expect(sink.records.map(\.timestamp) == [777, 777])
    }

    @Test("explicit offset deltas with holes and an overridden lastOffsetDelta set the next position")
    func offsetHoles() throws {
        var builder = RecordBatchBuilder(baseOffset: 1_000)
        try builder.append(key: nil, value: [1], timestamp: 1, offsetDelta: 0)
        try builder.append(key: nil, value: [2], timestamp: 1, offsetDelta: 5)
        builder.lastOffsetDeltaOverride = 9
        var buffer = ByteBuffer()
        try builder.encode(into: &buffer)
        let (sink, summary) = try RecordBatchTestKit.decode(buffer)
        #expect(sink.records.map(\.offset) == [1_000, 1_005])
        #expect(summary.nextOffset == 1_010)
    }

    @Test("offset deltas must increase")
    func offsetDeltasMustIncrease() throws {
        var builder = RecordBatchBuilder()
        try builder.append(key: nil, value: nil, timestamp: 0, offsetDelta: 3)
        #expect(throws: KafkaEncodingError.self) {
            try builder.append(key: nil, value: nil, timestamp: 0, offsetDelta: 3)
        }
    }

    @Test("a reused builder encodes the same bytes as a fresh one")
    func builderReuse() throws {
        var builder = RecordBatchBuilder()
        try builder.append(key: [1], value: [2, 3], timestamp: 50)
        try builder.append(key: nil, value: [4], timestamp: 60)
        var first = ByteBuffer()
        try builder.encode(into: &first)
        builder.removeAll()
        try builder.append(key: [9], value: nil, timestamp: 70)
        var reused = ByteBuffer()
        try builder.encode(into: &reused)
        let fresh = try RecordBatchTestKit.encode([Input(key: [9], value: nil, timestamp: 70)])
        #expect(reused == fresh)
        #expect(first != fresh)
    }

    @Test("every codec round-trips", arguments: CompressionCodec.allCases)
    func everyCodec(codec: CompressionCodec) throws {
        var random = SplitMix64(seed: 3)
        let inputs = (0..<500).map { index in
            Input(
                key: Array("user-\(index % 17)".utf8),
                value: index % 50 == 0 ? nil : Array("payload \(index) ".utf8) + random.bytes(Int(random.next() % 64)),
                headers: [RecordHeader(key: "i", value: Array("\(index)".utf8))],
                timestamp: 1_700_000_000_000 + Int64(index))
        }
        let buffer = try RecordBatchTestKit.encode(inputs, baseOffset: 10, compression: codec)
        let (sink, summary) = try RecordBatchTestKit.decode(buffer)
        #expect(sink.batches.first?.attributes.compression == codec)
        #expect(sink.records == Self.expected(inputs, baseOffset: 10))
        #expect(summary.nextOffset == 510)
    }

    @Test("a compressed batch larger than the decompression limit is an error")
    func decompressionLimit() throws {
        let inputs = (0..<100).map { _ in Input(key: nil, value: [UInt8](repeating: 65, count: 1_000), timestamp: 0) }
        let buffer = try RecordBatchTestKit.encode(inputs, compression: .zstd)
        let error = RecordBatchTestKit.decodingError(buffer, options: RecordBatchDecodingOptions(maxDecompressedBatchSize: 10_000))
        guard case .decompressedSizeLimitExceeded = error else {
            Issue.record("expected a size-limit error, got \(String(describing: error))")
            return
        }
    }

    @Test("an empty input decodes to nothing")
    func emptyInput() throws {
        let (sink, summary) = try RecordBatchTestKit.decode(ByteBuffer())
        #expect(sink.records.isEmpty)
        #expect(summary == DecodeSummary())
        #expect(summary.nextOffset == nil)
    }

    @Test("the record headers view reports its count and iterates lazily")
    func headersView() throws {
        struct HeaderCountSink: RecordSink {
            var counts: [Int] = []
            var iterated: [Int] = []
            mutating func record(
                offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
                headers: RecordHeaders
            ) throws(KafkaDecodingError) {
                counts.append(headers.count)
                iterated.append(headers.reduce(0) { count, _ in count + 1 })
            }
        }
        let buffer = try RecordBatchTestKit.encode(Self.mixedInputs)
        var sink = HeaderCountSink()
        _ = try RecordBatchDecoder.decode(buffer, into: &sink)
        #expect(sink.counts == [0, 0, 0, 4])
        #expect(sink.iterated == [0, 0, 0, 4])
    }

    @Test("one decoder value decodes compressed fetches repeatedly with the same result")
    func reusedDecoder() throws {
        let inputs = (0..<300).map { Input(key: [UInt8($0 % 251)], value: Array("value \($0)".utf8), timestamp: Int64($0)) }
        var fetch = try RecordBatchTestKit.encode(inputs, baseOffset: 0, compression: .lz4)
        fetch.writeImmutableBuffer(try RecordBatchTestKit.encode(Array(inputs.prefix(10)), baseOffset: 300, compression: .zstd))
        var decoder = RecordBatchDecoder()
        var first = CollectingRecordSink()
        var second = CollectingRecordSink()
        _ = try decoder.decode(fetch, location: RecordLocation(topic: "t", partition: 1), into: &first)
        _ = try decoder.decode(fetch, location: RecordLocation(topic: "t", partition: 1), into: &second)
        #expect(first.records.count == 310)
        #expect(first.records == second.records)
        #expect(first.records.last?.offset == 309)
    }

    @Test("an error thrown by the sink stops decoding and propagates")
    func sinkErrorPropagates() throws {
        struct FailingSink: RecordSink {
            var seen = 0
            mutating func record(
                offset: Int64, timestamp: Int64, key: UnsafeRawBufferPointer?, value: UnsafeRawBufferPointer?,
                headers: RecordHeaders
            ) throws(KafkaDecodingError) {
                seen += 1
                if offset == 2 { throw .invalidValue(field: "value", reason: "rejected by the sink") }
            }
        }
        let buffer = try RecordBatchTestKit.encode(Self.mixedInputs)
        var sink = FailingSink()
        #expect(throws: KafkaDecodingError.invalidValue(field: "value", reason: "rejected by the sink")) {
            _ = try RecordBatchDecoder.decode(buffer, into: &sink)
        }
        #expect(sink.seen == 3)
    }
}
