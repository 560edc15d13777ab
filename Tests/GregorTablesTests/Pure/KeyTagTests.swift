import Foundation
@testable import GregorTables
import Testing

/// `keyTag`, the keyed hash that places entries in `FlatEntries`: every byte and every length
/// counts, and sequential keys spread like random ones.
@Suite struct KeyTagTests {
    static func tag(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { keyTag($0) } }

    @Test func theSameBytesGiveTheSameTagAndNoTagIsZero() {
        for length in 0...40 {
            let key = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            // A second buffer with the same bytes at another address and alignment.
            let shifted = [0xAA] + key
            let again = shifted.withUnsafeBytes { keyTag(UnsafeRawBufferPointer(rebasing: $0[1...])) }
            #expect(Self.tag(key) == again, "length \(length)")
            #expect(Self.tag(key) != 0)
        }
    }

    @Test func changingAnyOneByteOfAKeyOfAnyLengthChangesTheTag() {
        // A false failure needs a 32-bit collision: about 2^-22 for all these pairs together.
        for length in 1...48 {
            let key = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 7) }
            let original = Self.tag(key)
            for position in 0..<length {
                for flip: UInt8 in [0x01, 0x80, 0xFF] {
                    var changed = key
                    changed[position] ^= flip
                    #expect(Self.tag(changed) != original, "length \(length), byte \(position), xor \(flip)")
                }
            }
        }
    }

    @Test func keysThatDifferOnlyInLengthOrInTheOrderOfTheirBlocksGetDifferentTags() {
        let zeros = (0...33).map { [UInt8](repeating: 0, count: $0) }
        #expect(Set(zeros.map(Self.tag)).count == zeros.count, "runs of zero bytes, lengths 0–33")
        let a = [UInt8](repeating: 0x61, count: 16)
        let b = [UInt8](repeating: 0x62, count: 16)
        let c = [UInt8](repeating: 0x63, count: 16)
        #expect(Self.tag(a + b + c) != Self.tag(b + a + c))
        #expect(Self.tag(Array("ab".utf8)) != Self.tag(Array("ba".utf8)))
    }

    @Test func sequentialKeysSpreadOverTheLowAndHighBitsLikeRandomOnes() {
        // 200 000 keys as the benchmarks write them into 2^18 buckets: a random hash leaves
        // e^-0.763 ≈ 46.6 % of the buckets empty, and no bucket near 12 keys (expected maximum 7–8).
        let keys = 200_000
        let buckets = 1 << 18
        var low = [Int](repeating: 0, count: buckets)
        var high = [Int](repeating: 0, count: buckets)
        for index in 0..<keys {
            let tag = Self.tag(Array(String(format: "k%015d", index).utf8))
            low[Int(tag) & (buckets - 1)] += 1
            high[Int(tag >> 14)] += 1
        }
        for (name, counts) in [("low", low), ("high", high)] {
            let emptyShare = Double(counts.filter { $0 == 0 }.count) / Double(buckets)
            #expect(abs(emptyShare - exp(-Double(keys) / Double(buckets))) < 0.01, "\(name) bits: \(emptyShare) empty")
            #expect(counts.max() ?? 0 < 12, "\(name) bits: a bucket of \(counts.max() ?? 0)")
        }
    }
}
