@testable import Gregor
@testable import GregorTables
import GregorProtocol
import NIOCore
import Testing

/// The replay of a table with decoded values decodes each answer's values in a task beside the
/// apply loop (`BoxedValueSink`), and the apply takes those boxes (`CompactApplySink`).
@Suite struct PredecodedApplyTests {
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

    @Test func theValuesAreDecodedOneSlotPerRecordInOrder() throws {
        let state = TableState(keyCodec: .string, valueCodec: Self.intCodec)
        let decode = try #require(state.boxedValueDecoder)
        let values = BoxedValueSink.decodeValues(of: try Self.answer(), with: decode)
        #expect(values.count == 5)
        #expect(values.map { ($0 as? TableValueBox<Int>)?.value } == [1, nil, nil, nil, 5])
    }

    @Test func byteValuesHaveNothingToDecodeAhead() {
        #expect(TableState(keyCodec: .string, valueCodec: .string).boxedValueDecoder == nil)
        #expect(TableState(keyCodec: .json(String.self), valueCodec: Self.intCodec).boxedValueDecoder == nil)
    }

    @Test func theApplyTakesTheBoxesDecodedAheadAndDecodesWhereThereAreNone() throws {
        // Boxes unlike what the codec makes of the bytes, so the test sees which were used; the
        // list stops after `d`, so `e` is decoded in place.
        let ahead: [(any AnyObject & Sendable)?] = [TableValueBox(100), nil, nil, nil]
        var state = TableState(keyCodec: .string, valueCodec: Self.intCodec)
        _ = state.apply(Array("d".utf8), Array("4".utf8))
        var records = try Self.answer()
        var decoder = RecordBatchDecoder()
        let applied = state.withCompactEntries { entries, forms, stats in
            CompactApplySink.apply(&records, to: &entries, forms: forms, stats: &stats, predecoded: ahead, using: &decoder)
        }
        #expect(applied?.records == 5)
        #expect(applied?.error == nil)
        #expect(state["a"] == 100)
        #expect(state["d"] == 4, "a rejected value keeps the previous one")
        #expect(state["e"] == 5)
        #expect(state.count == 3)
        #expect(state.stats.keylessRecords == 1)
        #expect(state.stats.tombstonesApplied == 1)
        #expect(state.stats.valueDecodeErrors == 1)
    }
}
