import Testing

@testable import GregorProtocol

/// The pool of large mappings shared by the Stream's batches and the connections' buffers: reuse
/// by size class, expiry, release, the cache limit. Each test uses a pool of its own and passes
/// the time explicitly.
@Suite struct MappedBlockPoolTests {
    private static let start = ContinuousClock.now
    private static let size = 2 << 20

    @Test func aFreedMappingIsReusedForItsSizeClass() throws {
        let pool = MappedBlockPool()
        let first = try #require(pool.take(Self.size, now: Self.start))
        #expect(first.size == MappedBlockPool.sizeClass(Self.size))
        pool.give(first.pointer, size: first.size, now: Self.start)
        #expect(pool.cachedCount == 1 && pool.cachedBytes == first.size)
        let second = try #require(pool.take(Self.size - 1000, now: Self.start + .milliseconds(500)))
        #expect(second.pointer == first.pointer)
        #expect(pool.cachedCount == 0)
        pool.give(second.pointer, size: second.size)
        pool.releaseCached()
    }

    @Test func aKeptMappingIsUnmappedOnceItWaitedLongerThanTheKeepDuration() throws {
        let pool = MappedBlockPool(keepDuration: .seconds(1))
        let block = try #require(pool.take(Self.size, now: Self.start))
        pool.give(block.pointer, size: block.size, now: Self.start)
        pool.dropExpired(now: Self.start + .seconds(1))
        #expect(pool.cachedCount == 1)
        pool.dropExpired(now: Self.start + .seconds(1) + .milliseconds(1))
        #expect(pool.cachedCount == 0 && pool.cachedBytes == 0)
    }

    @Test func releaseCachedUnmapsEveryKeptMapping() throws {
        let pool = MappedBlockPool()
        let blocks = try [Self.size, Self.size * 2, Self.size * 4].map { try #require(pool.take($0)) }
        for block in blocks { pool.give(block.pointer, size: block.size) }
        #expect(pool.cachedCount == 3)
        #expect(pool.releaseCached() == blocks.reduce(0) { $0 + $1.size })
        #expect(pool.cachedCount == 0 && pool.cachedBytes == 0)
    }

    @Test func atMostTheCacheLimitIsKept() throws {
        let pool = MappedBlockPool(cacheLimit: 3 * Self.size)
        let blocks = try (0..<5).map { _ in try #require(pool.take(Self.size)) }
        for block in blocks { pool.give(block.pointer, size: block.size) }
        #expect(pool.cachedCount == 3 && pool.cachedBytes == 3 * Self.size)
        pool.releaseCached()
    }
}
