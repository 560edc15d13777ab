import Synchronization

/// Large blocks (1 MiB and more by its users' thresholds) as memory mappings of their own, with a
/// small cache of freed ones by size class (eighths of a power of two).
///
/// From malloc, glibc raises its trim and mmap thresholds as large blocks come and go and keeps
/// later ones resident in its heaps (a thread arena's top is never trimmed), so a long replay's
/// resident memory grows; fresh mappings for every block, on the other hand, cost a page fault
/// per 4 KiB, which the cache avoids. A freed mapping waits at most `keepDuration` for reuse:
/// the next `take`, `give` or `dropExpired` after that unmaps it, and `releaseCached` unmaps all.
/// Used by the Stream's batches (`BatchStorage`) and the connections' buffers.
package final class MappedBlockPool: Sendable {
    /// The pool of the process.
    package static let shared = MappedBlockPool()

    /// At most this many bytes of freed mappings are kept; the rest is unmapped at once.
    package let cacheLimit: Int
    /// How long a freed mapping is kept for reuse.
    package let keepDuration: Duration

    private struct Kept {
        var address: UInt
        var keptAt: ContinuousClock.Instant
    }

    private struct Cache: ~Copyable {
        /// Freed mappings by size.
        var free: [Int: [Kept]] = [:]
        var cachedBytes = 0
    }

    private let cache = Mutex(Cache())
    /// Whether any mapping is kept: read without the lock by `dropExpired`, which runs often.
    private let holdsMappings = Atomic<Bool>(false)

    package init(cacheLimit: Int = 64 << 20, keepDuration: Duration = .seconds(1)) {
        self.cacheLimit = cacheLimit
        self.keepDuration = keepDuration
    }

    /// The mapping size serving a request of `size` bytes.
    package static func sizeClass(_ size: Int) -> Int {
        let power = Int.bitWidth - (size - 1).leadingZeroBitCount  // 2^power >= size
        let step = max(4096, (1 << power) / 8)
        return (size + step - 1) / step * step
    }

    /// A mapping of at least `size` bytes: a kept one of its class, or a new one; `nil` when the
    /// system has no memory to map.
    package func take(_ size: Int, now: ContinuousClock.Instant = .now) -> (pointer: UnsafeMutableRawPointer, size: Int)? {
        let mappedSize = Self.sizeClass(size)
        let (reused, expired) = cache.withLock { cache -> (UInt?, [(UInt, Int)]) in
            let expired = removeExpired(&cache, now: now)
            guard let kept = cache.free[mappedSize]?.popLast() else { return (nil, expired) }
            cache.cachedBytes -= mappedSize
            holdsMappings.store(cache.cachedBytes > 0, ordering: .relaxed)
            return (kept.address, expired)
        }
        Self.unmap(expired)
        if let reused, let pointer = UnsafeMutableRawPointer(bitPattern: reused) {
            return (pointer, mappedSize)
        }
        guard let mapped = AnonymousMapping.map(mappedSize) else { return nil }
        return (mapped, mappedSize)
    }

    /// Takes back a mapping of `size` bytes (a `take` result's size): kept while there is room,
    /// else unmapped.
    package func give(_ pointer: UnsafeMutableRawPointer, size: Int, now: ContinuousClock.Instant = .now) {
        let (kept, expired) = cache.withLock { cache -> (Bool, [(UInt, Int)]) in
            let expired = removeExpired(&cache, now: now)
            guard cache.cachedBytes + size <= cacheLimit else { return (false, expired) }
            cache.free[size, default: []].append(Kept(address: UInt(bitPattern: pointer), keptAt: now))
            cache.cachedBytes += size
            holdsMappings.store(true, ordering: .relaxed)
            return (true, expired)
        }
        Self.unmap(expired)
        if !kept { AnonymousMapping.unmap(pointer, size: size) }
    }

    /// Unmaps the mappings kept longer than `keepDuration` (at `now`, by default the current
    /// time); costs only an atomic load when none is kept.
    package func dropExpired(now: ContinuousClock.Instant? = nil) {
        guard holdsMappings.load(ordering: .relaxed) else { return }
        let now = now ?? .now
        Self.unmap(cache.withLock { removeExpired(&$0, now: now) })
    }

    /// Unmaps every kept mapping; returns the bytes given back.
    @discardableResult
    package func releaseCached() -> Int {
        let all = cache.withLock { cache -> [(UInt, Int)] in
            let all = cache.free.flatMap { size, kept in kept.map { ($0.address, size) } }
            cache.free = [:]
            cache.cachedBytes = 0
            holdsMappings.store(false, ordering: .relaxed)
            return all
        }
        Self.unmap(all)
        return all.reduce(0) { $0 + $1.1 }
    }

    /// The bytes of the mappings kept now.
    package var cachedBytes: Int { cache.withLock { $0.cachedBytes } }

    /// The number of mappings kept now.
    package var cachedCount: Int { cache.withLock { $0.free.values.reduce(0) { $0 + $1.count } } }

    /// Removes from `cache` the mappings kept longer than `keepDuration`; returns them to unmap
    /// outside the lock.
    private func removeExpired(_ cache: inout Cache, now: ContinuousClock.Instant) -> [(UInt, Int)] {
        guard cache.cachedBytes > 0 else { return [] }
        var expired: [(UInt, Int)] = []
        for (size, kept) in cache.free where kept.contains(where: { now - $0.keptAt > keepDuration }) {
            let (old, fresh) = (kept.filter { now - $0.keptAt > keepDuration }, kept.filter { now - $0.keptAt <= keepDuration })
            expired += old.map { ($0.address, size) }
            cache.free[size] = fresh.isEmpty ? nil : fresh
            cache.cachedBytes -= old.count * size
        }
        holdsMappings.store(cache.cachedBytes > 0, ordering: .relaxed)
        return expired
    }

    private static func unmap(_ mappings: [(UInt, Int)]) {
        for (address, size) in mappings {
            if let pointer = UnsafeMutableRawPointer(bitPattern: address) { AnonymousMapping.unmap(pointer, size: size) }
        }
    }
}
