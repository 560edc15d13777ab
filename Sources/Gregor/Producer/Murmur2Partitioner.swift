/// The partitioner the Java client uses for keyed records (and librdkafka's `murmur2_random`):
/// `toPositive(murmur2(key)) % partitionCount`.
///
/// Records with the same key land in the same partition whichever of these clients wrote them, as
/// long as the partition count does not change.
public enum Murmur2Partitioner {
    /// The partition for `key` among `partitionCount` partitions; `nil` when `partitionCount` is not positive.
    public static func partition(forKey key: some Sequence<UInt8>, partitionCount: Int32) -> Int32? {
        guard partitionCount > 0 else { return nil }
        let hash = key.withContiguousStorageIfAvailable { murmur2(UnsafeRawBufferPointer($0)) }
            ?? Array(key).withUnsafeBytes { murmur2($0) }
        return Int32(bitPattern: toPositive(hash)) % partitionCount
    }

    /// The partition for a key given as raw bytes; `nil` when `partitionCount` is not positive.
    public static func partition(forKey key: UnsafeRawBufferPointer, partitionCount: Int32) -> Int32? {
        guard partitionCount > 0 else { return nil }
        return Int32(bitPattern: toPositive(murmur2(key))) % partitionCount
    }

    /// Kafka's `Utils.toPositive`: clears the sign bit (not `abs`, which differs for negative values).
    public static func toPositive(_ hash: UInt32) -> UInt32 {
        hash & 0x7fff_ffff
    }

    /// The 32-bit MurmurHash2 of `data` exactly as Kafka's `Utils.murmur2` computes it: seed
    /// 0x9747b28c, little-endian 4-byte blocks, the 1–3 tail bytes, then the final mix.
    public static func murmur2(_ data: UnsafeRawBufferPointer) -> UInt32 {
        let seed: UInt32 = 0x9747_b28c
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        let length = data.count
        // Kafka mixes the length in as a Java int; key lengths beyond 2^31 are impossible on the wire.
        var h = seed ^ UInt32(truncatingIfNeeded: length)
        let blockCount = length / 4
        for block in 0..<blockCount {
            let i = block &* 4
            var k = UInt32(data[i]) | UInt32(data[i &+ 1]) << 8 | UInt32(data[i &+ 2]) << 16 | UInt32(data[i &+ 3]) << 24
            k = k &* m
            k ^= k >> r
            k = k &* m
            h = h &* m
            h ^= k
        }
        let tail = blockCount &* 4
        // The cases fall through in Kafka's switch: 3 mixes bytes 2, 1 and 0; 2 mixes 1 and 0.
        switch length % 4 {
        case 3:
            h ^= UInt32(data[tail &+ 2]) << 16
            h ^= UInt32(data[tail &+ 1]) << 8
            h ^= UInt32(data[tail])
            h = h &* m
        case 2:
            h ^= UInt32(data[tail &+ 1]) << 8
            h ^= UInt32(data[tail])
            h = h &* m
        case 1:
            h ^= UInt32(data[tail])
            h = h &* m
        default:
            break
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return h
    }
}
