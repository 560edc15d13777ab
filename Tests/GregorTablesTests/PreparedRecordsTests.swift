@testable import Gregor
@testable import GregorTables
import Logging
import Testing

/// The list a preparing task hands to the apply loop (`PreparedRecords`), and the lock-free
/// subscriber count the fetch handler reads.
@Suite struct PreparedRecordsTests {
    final class Payload: Sendable {}

    static func entry(_ key: String, object: AnyObject? = nil) -> TableEntry {
        Array(key.utf8).withUnsafeBytes { key in
            if let object { return TableEntry(key: key, value: object, layout: TableValueLayout.of(AnyObject.self)) }
            return Array("v".utf8).withUnsafeBytes { TableEntry(key: key, value: $0) }
        }
    }

    /// 100 records: every third a tombstone, every seventh keyless, the rest sets; tag = index + 1.
    static func filled() -> PreparedRecords {
        let records = PreparedRecords(capacity: 2)
        for index in 0..<100 {
            if index % 7 == 0 {
                records.append(.keyless)
            } else if index % 3 == 0 {
                records.append(.tombstone(TableEntry(tombstoneFor: UnsafeRawBufferPointer(start: nil, count: 0)), tag: UInt32(index + 1)))
            } else {
                records.append(.set(entry("k\(index)"), tag: UInt32(index + 1)))
            }
        }
        return records
    }

    @Test func movesEveryRecordOnceInOrderAndSeesEachTagAheadOfItsRecord() {
        let records = Self.filled()
        #expect(records.count == 100)
        var seenAhead: [UInt32] = []
        var moved: [UInt32?] = []
        records.moveAll(lookahead: 8, ahead: { seenAhead.append($0) }) { record in
            let tag = record.tag
            // The record's own tag was announced before the record arrived.
            if let tag { #expect(seenAhead.contains(tag)) }
            moved.append(tag)
        }
        let expected: [UInt32?] = (0..<100).map { $0 % 7 == 0 ? nil : UInt32($0 + 1) }
        #expect(moved == expected)
        #expect(seenAhead == expected.compactMap { $0 })
        #expect(records.count == 0)
        var again = 0
        records.moveAll { _ in again += 1 }
        #expect(again == 0)
    }

    @Test func recordsNeverMovedAreReleasedWithTheList() {
        weak var payload: Payload?
        do {
            let object = Payload()
            payload = object
            let records = PreparedRecords()
            records.append(.set(Self.entry("a", object: object), tag: 1))
            #expect(records.copies.count == 1)
        }
        #expect(payload == nil)
    }

    @Test func movedEntriesStayAliveInTheMapAfterTheListIsGone() {
        weak var payload: Payload?
        var entries = EncodedEntries()
        var stats = TableStats()
        do {
            let object = Payload()
            payload = object
            let records = PreparedRecords()
            let tag = Array("a".utf8).withUnsafeBytes { keyTag($0) }
            records.append(.set(Self.entry("a", object: object), tag: tag))
            entries.store(records, stats: &stats)
        }
        #expect(payload != nil)
        #expect(entries.count == 1 && stats.setsApplied == 1)
        let stored = Array("a".utf8).withUnsafeBytes { entries.entry(forKey: $0) }
        #expect(stored?.value(as: AnyObject.self, layout: TableValueLayout.of(AnyObject.self)) === payload)
    }

    @Test func theHandlersSubscriberCountFollowsSubscriptionsWithoutTheLock() async throws {
        let store = KeyValueTableStore(keyCodec: TableCodec<String>.string, valueCodec: TableCodec<String>.string)
        let configuration = KafkaTableConfiguration(client: try KafkaClientConfiguration(bootstrap: "localhost:9092"))
        let reader = TableReader(topic: "t", configuration: configuration, store: store, logger: Logger(label: "test"))
        #expect(!reader.hasSubscribers)
        let first = reader.subscribe()
        let second = reader.subscribe()
        #expect(reader.hasSubscribers)
        // Ending one iteration (its task cancelled) leaves the other subscribed.
        let iterating = Task { for await _ in first {} }
        iterating.cancel()
        await iterating.value
        #expect(reader.state.withLock { $0.subscribers.count } == 1)
        #expect(reader.hasSubscribers)
        await reader.stop()
        #expect(!reader.hasSubscribers)
        _ = second
    }
}
