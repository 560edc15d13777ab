import CGregorBufferPool
@testable import Gregor
import NIOCore
import Testing

/// The connections' buffer memory: large buffers in mappings of their own, kept for reuse for a
/// while, released on demand. Most tests use a pool of their own and pass the time explicitly.
@Suite struct ConnectionBufferPoolTests {
    private static let second: Int64 = 1_000_000_000
    private static let large = Int(GREGOR_POOL_MAPPED_MINIMUM) * 2

    private func withPool<R>(_ body: (OpaquePointer) throws -> R) throws -> R {
        let pool = try #require(gregor_pool_create())
        defer { gregor_pool_destroy(pool) }
        return try body(pool)
    }

    @Test func smallBuffersComeFromMallocAndLargeOnesAreMapped() throws {
        try withPool { pool in
            let small = try #require(gregor_pool_allocate_in(pool, 4096, 0))
            let large = try #require(gregor_pool_allocate_in(pool, Self.large, 0))
            #expect(gregor_pool_is_mapped(small) == 0)
            #expect(gregor_pool_is_mapped(large) != 0)
            #expect(Int(bitPattern: small) % 16 == 0 && Int(bitPattern: large) % 16 == 0)
            #expect(gregor_pool_mapped_bytes_in_use_in(pool) >= Self.large)
            gregor_pool_deallocate_in(pool, small, 0)
            gregor_pool_deallocate_in(pool, large, 0)
            #expect(gregor_pool_mapped_bytes_in_use_in(pool) == 0)
        }
    }

    @Test func aFreedLargeBufferIsReusedForTheSameSize() throws {
        try withPool { pool in
            let first = try #require(gregor_pool_allocate_in(pool, Self.large, 0))
            gregor_pool_deallocate_in(pool, first, 0)
            #expect(gregor_pool_cached_count_in(pool) == 1)
            #expect(gregor_pool_cached_bytes_in(pool) >= Self.large)
            let second = try #require(gregor_pool_allocate_in(pool, Self.large, Self.second / 2))
            #expect(second == first)
            #expect(gregor_pool_cached_count_in(pool) == 0)
            gregor_pool_deallocate_in(pool, second, Self.second / 2)
        }
    }

    @Test func aKeptBufferIsUnmappedByTheFirstAllocationAfterASecond() throws {
        try withPool { pool in
            let large = try #require(gregor_pool_allocate_in(pool, Self.large, 0))
            gregor_pool_deallocate_in(pool, large, 0)
            let early = try #require(gregor_pool_allocate_in(pool, 64, Self.second))
            #expect(gregor_pool_cached_count_in(pool) == 1)
            let late = try #require(gregor_pool_allocate_in(pool, 64, Self.second + 1))
            #expect(gregor_pool_cached_count_in(pool) == 0)
            #expect(gregor_pool_cached_bytes_in(pool) == 0)
            gregor_pool_deallocate_in(pool, early, Self.second + 1)
            gregor_pool_deallocate_in(pool, late, Self.second + 1)
        }
    }

    @Test func releaseCachedUnmapsEveryKeptBuffer() throws {
        try withPool { pool in
            let sizes = [Self.large, Self.large * 2, Self.large * 4]
            let blocks = try sizes.map { try #require(gregor_pool_allocate_in(pool, $0, 0)) }
            for block in blocks { gregor_pool_deallocate_in(pool, block, 0) }
            #expect(gregor_pool_cached_count_in(pool) == 3)
            let released = gregor_pool_release_cached_in(pool)
            #expect(released >= sizes.reduce(0, +))
            #expect(gregor_pool_cached_count_in(pool) == 0)
            #expect(gregor_pool_cached_bytes_in(pool) == 0)
        }
    }

    @Test func atMostEightBuffersAreKept() throws {
        try withPool { pool in
            let blocks = try (0..<10).map { _ in try #require(gregor_pool_allocate_in(pool, Self.large, 0)) }
            for block in blocks { gregor_pool_deallocate_in(pool, block, 0) }
            #expect(gregor_pool_cached_count_in(pool) == Int(GREGOR_POOL_MAX_KEPT))
        }
    }

    @Test func reallocationKeepsTheBytesAcrossTheMappedThreshold() throws {
        try withPool { pool in
            var pointer = try #require(gregor_pool_allocate_in(pool, 1000, 0))
            var size = 1000
            let pattern = { (index: Int) -> UInt8 in UInt8(truncatingIfNeeded: index &* 31 &+ 7) }
            for index in 0..<size { pointer.storeBytes(of: pattern(index), toByteOffset: index, as: UInt8.self) }
            // malloc → malloc, malloc → mapping, mapping → larger mapping, then a shrink (kept in place).
            for newSize in [200_000, Self.large, Self.large * 3, Self.large] {
                pointer = try #require(gregor_pool_reallocate_in(pool, pointer, size, newSize, 0))
                let kept = min(size, newSize)
                let intact = (0..<kept).allSatisfy { pointer.load(fromByteOffset: $0, as: UInt8.self) == pattern($0) }
                #expect(intact, "after growing from \(size) to \(newSize) bytes")
                if newSize > size {
                    for index in size..<newSize { pointer.storeBytes(of: pattern(index), toByteOffset: index, as: UInt8.self) }
                }
                size = newSize
            }
            #expect(gregor_pool_is_mapped(pointer) != 0)
            gregor_pool_deallocate_in(pool, pointer, 0)
        }
    }

    @Test func byteBuffersOfTheConnectionsAllocatorGrowFromSmallToMapped() {
        var buffer = KafkaBufferPool.allocator.buffer(capacity: 64)
        let chunk = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        for _ in 0..<(Self.large / chunk.count + 3) { buffer.writeBytes(chunk) }
        var copy = buffer
        copy.writeBytes([1, 2, 3])
        var intact = true
        var index = 0
        while let slice = buffer.readBytes(length: chunk.count) {
            intact = intact && slice == chunk
            index += 1
        }
        #expect(intact && index == Self.large / chunk.count + 3)
        #expect(copy.readableBytes == buffer.writerIndex + 3)
    }
}
