#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import GregorTables
import Gregor
import Logging
import Synchronization
import Testing

/// What happens to a reader's entries when the table is dropped.
@Suite struct TableReaderReleaseTests {
    /// A value that counts its live instances.
    final class Tracked: Sendable {
        static let live = Mutex(0)
        /// The thread dropping a reader, while it does; values freed on it count as freed in place.
        static let droppingThread = Mutex<pthread_t?>(nil)
        static let freedInPlace = Mutex(0)

        init() { Self.live.withLock { $0 += 1 } }

        deinit {
            Self.live.withLock { $0 -= 1 }
            if let dropping = Self.droppingThread.withLock({ $0 }), pthread_equal(dropping, pthread_self()) != 0 {
                Self.freedInPlace.withLock { $0 += 1 }
            }
        }
    }

    /// Drops `reader` on this thread; returns how many values were freed before the drop returned,
    /// on this thread.
    static func drop(_ reader: inout TableReader<KeyValueTableStore<String, Tracked>>?) -> Int {
        Tracked.freedInPlace.withLock { $0 = 0 }
        Tracked.droppingThread.withLock { $0 = pthread_self() }
        reader = nil
        Tracked.droppingThread.withLock { $0 = nil }
        return Tracked.freedInPlace.withLock { $0 }
    }

    static func reader(entries: Int) throws -> TableReader<KeyValueTableStore<String, Tracked>> {
        let codec = TableCodec<Tracked>(encode: { _ in [] }, decode: { _ in Tracked() })
        var store = KeyValueTableStore(keyCodec: TableCodec<String>.string, valueCodec: codec)
        for index in 0..<entries {
            _ = Array("key-\(index)".utf8).withUnsafeBytes { key in [UInt8]().withUnsafeBytes { store.apply(key: key, value: $0) } }
        }
        let configuration = KafkaTableConfiguration(client: try KafkaClientConfiguration(bootstrap: "localhost:9092"))
        return TableReader(topic: "t", configuration: configuration, store: store, logger: Logger(label: "test"))
    }

    // One test, so that the two parts never run in parallel on the shared counter.
    @Test func smallTablesAreFreedAtOnceAndLargeOnesSoonAfterOnABackgroundTask() async throws {
        let before = Tracked.live.withLock { $0 }
        var small: TableReader<KeyValueTableStore<String, Tracked>>? = try Self.reader(entries: 100)
        #expect(Tracked.live.withLock { $0 } == before + 100)
        #expect(Self.drop(&small) == 100, "freed in place when dropped")
        #expect(Tracked.live.withLock { $0 } == before)

        let count = TableReader<KeyValueTableStore<String, Tracked>>.backgroundReleaseThreshold + 10
        var large: TableReader<KeyValueTableStore<String, Tracked>>? = try Self.reader(entries: count)
        #expect(large?.withStore { $0.count } == count)
        #expect(Tracked.live.withLock { $0 } == before + count)
        #expect(Self.drop(&large) == 0, "dropping returns before freeing")
        let deadline = ContinuousClock.now + .seconds(30)
        while Tracked.live.withLock({ $0 }) != before, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(Tracked.live.withLock { $0 } == before, "every value freed by the background task")
    }
}
