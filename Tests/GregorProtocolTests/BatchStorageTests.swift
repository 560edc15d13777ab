import Testing

@testable import GregorProtocol

/// The mapped storage of large `MessageBatch`es: size classes and recycling.
@Suite struct BatchStorageTests {
    @Test func sizeClassesAreEighthsOfAPowerOfTwo() {
        #expect(MappedBlockPool.sizeClass(1 << 20) == 1 << 20)
        #expect(MappedBlockPool.sizeClass((1 << 20) + 1) == (1 << 20) + (1 << 18))  // 2 MiB / 8 = 256 KiB steps
        #expect(MappedBlockPool.sizeClass(3_000_000) == 3_145_728)  // 4 MiB / 8 = 512 KiB steps: 6 of them
        #expect(MappedBlockPool.sizeClass(10_000_000) == 10_485_760)  // 16 MiB / 8 = 2 MiB steps: 5 of them
    }

    @Test func aFreedMappingIsReusedForTheSameClass() throws {
        // A pool of its own, so that no other test takes or releases the kept block in between.
        let pool = MappedBlockPool()
        let first = BatchStorage(byteCount: 13 << 20, pool: pool)
        let address = first.base
        first.base.storeBytes(of: 0xAB, toByteOffset: (13 << 20) - 1, as: UInt8.self)
        first.release()
        let second = BatchStorage(byteCount: (13 << 20) - 1000, pool: pool)  // same class
        #expect(second.base == address)
        second.release()
        let small = BatchStorage(byteCount: 1000, pool: pool)  // below the threshold: malloc
        #expect(small.base != address)
        small.release()
        pool.releaseCached()
    }

    @Test func largeBatchesRoundTripThroughMappedStorage() throws {
        var builder = MessageBatchBuilder()
        builder.select(topic: "t", partition: 0)
        let value = [UInt8](repeating: 7, count: 1 << 20)
        for offset in 0..<3 {
            try value.withUnsafeBytes { bytes in
                try builder.record(offset: Int64(offset), timestamp: 0, key: nil, value: bytes, headers: .empty)
            }
        }
        let batch = builder.finish()
        #expect(batch.byteCount >= 3 << 20)
        #expect(batch.value(at: 2) == value)
        #expect(batch.key(at: 1) == nil)
    }
}
