import GregorProtocol
import NIOCore

/// The record shapes the protocol benchmarks decode and encode.
struct Workload: Sendable {
    /// Bytes of each record's value.
    let valueSize: Int
    /// Bytes of each record's key.
    let keySize: Int
    /// Records per record batch (librdkafka's default batch is up to 1 MB; these stay near that).
    let recordsPerBatch: Int
    /// Record batches in the fetched payload.
    let batchCount: Int

    var recordCount: Int { recordsPerBatch * batchCount }

    /// 100-byte values, 16-byte keys: 1 M records in 100 batches of 10 000.
    static let small = Workload(valueSize: 100, keySize: 16, recordsPerBatch: 10_000, batchCount: 100)
    /// 1 KiB values, 16-byte keys: 64 Ki records (≈ 66 MB) in batches of 1 000.
    static let large = Workload(valueSize: 1024, keySize: 16, recordsPerBatch: 1_000, batchCount: 64)

    /// A fetched `records` payload: `batchCount` consecutive batches compressed with `codec`.
    /// Values are pseudo-random text with repetition (compressible roughly like JSON events).
    func payload(codec: CompressionCodec) throws -> ByteBuffer {
        var generator = SplitMixGenerator(seed: 42)
        let words = ["user", "order", "click", "view", "cart", "id", "ts", "amount", "\":", "{\"", ",", "}"]
        var output = ByteBuffer()
        var offset: Int64 = 0
        for _ in 0..<batchCount {
            var builder = RecordBatchBuilder(baseOffset: offset, compression: codec, capacity: recordsPerBatch * (valueSize + keySize + 16))
            for index in 0..<recordsPerBatch {
                var key = [UInt8](repeating: 0, count: keySize)
                for k in 0..<keySize { key[k] = UInt8(ascii: "a") + UInt8(generator.next() % 26) }
                var value: [UInt8] = []
                value.reserveCapacity(valueSize)
                while value.count < valueSize {
                    value.append(contentsOf: words[Int(generator.next() % UInt64(words.count))].utf8)
                    value.append(contentsOf: String(generator.next() % 10_000).utf8)
                }
                value.removeLast(value.count - valueSize)
                try builder.append(key: key, value: value, timestamp: 1_700_000_000_000 + Int64(index))
            }
            try builder.encode(into: &output)
            offset += Int64(recordsPerBatch)
        }
        return output
    }
}

/// A small deterministic generator (SplitMix64) so every run decodes the same bytes.
struct SplitMixGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
