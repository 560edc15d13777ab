import GregorTables
import Testing

@Suite struct TableStateTests {
    let keys = TableCodec<String>.string
    let raw = TableCodec<[UInt8]>.bytes
    let text = TableCodec<String>.string

    @Test(arguments: TableStorage.allCases) func setStoresTheValueAndReportsIt(storage: TableStorage) {
        var state = storage.state(keys, raw)
        let change = state.apply(utf8("k"), [1, 2])
        #expect(change == .set(key: "k", value: [1, 2]))
        #expect(state["k"] == [1, 2])
        #expect(state.count == 1)
        #expect(state.stats.setsApplied == 1)
    }

    @Test(arguments: TableStorage.allCases) func lastWriteWins(storage: TableStorage) {
        var state = storage.state(keys, text)
        _ = state.apply(utf8("k"), utf8("one"))
        _ = state.apply(utf8("k"), utf8("two"))
        #expect(state["k"] == "two")
        #expect(state.count == 1)
        #expect(state.stats.setsApplied == 2)
    }

    @Test(arguments: TableStorage.allCases) func tombstoneRemovesAPresentKeyAndReportsThePreviousValue(storage: TableStorage) {
        var state = storage.state(keys, text)
        _ = state.apply(utf8("k"), utf8("v"))
        let change = state.apply(utf8("k"), nil)
        #expect(change == .deleted(key: "k", previous: "v"))
        #expect(state["k"] == nil)
        #expect(state.count == 0)
        #expect(state.stats.tombstonesApplied == 1)
    }

    @Test(arguments: TableStorage.allCases) func tombstoneForAnAbsentKeyIsCountedButIsNoChange(storage: TableStorage) {
        var state = storage.state(keys, text)
        #expect(state.apply(utf8("ghost"), nil) == nil)
        #expect(state.stats.tombstonesApplied == 1)
        #expect(state.count == 0)
    }

    @Test(arguments: TableStorage.allCases) func emptyBytesAreAValueNotATombstone(storage: TableStorage) {
        var state = storage.state(keys, raw)
        _ = state.apply(utf8("k"), [9])
        let change = state.apply(utf8("k"), [])
        #expect(change == .set(key: "k", value: []))
        #expect(state["k"] == [])
        #expect(state.stats.tombstonesApplied == 0)
        #expect(state.stats.setsApplied == 2)
    }

    @Test(arguments: TableStorage.allCases) func emptyKeyIsAKey(storage: TableStorage) {
        var state = storage.state(keys, text)
        _ = state.apply([], utf8("v"))
        #expect(state[""] == "v")
    }

    @Test(arguments: TableStorage.allCases) func keylessRecordIsSkippedAndCounted(storage: TableStorage) {
        var state = storage.state(keys, text)
        #expect(state.apply(nil, utf8("v")) == nil)
        #expect(state.apply(nil, nil) == nil)
        #expect(state.stats.keylessRecords == 2)
        #expect(state.stats.tombstonesApplied == 0)
        #expect(state.count == 0)
    }

    @Test(arguments: TableStorage.allCases) func undecodableKeyIsSkippedAndCounted(storage: TableStorage) {
        var state = storage.state(keys, text)
        #expect(state.apply([0xFF], utf8("v")) == nil)
        #expect(state.apply([0xC0, 0x80], nil) == nil)
        #expect(state.stats.keyDecodeErrors == 2)
        #expect(state.stats.tombstonesApplied == 0)
        #expect(state.count == 0)
    }

    @Test(arguments: TableStorage.allCases) func undecodableValueKeepsThePreviousValue(storage: TableStorage) {
        // JSON values: never compact, whatever the key codec.
        var state = storage.state(keys, TableCodec.json(Int.self))
        _ = state.apply(utf8("k"), utf8("1"))
        #expect(state.apply(utf8("k"), utf8("{oops")) == nil)
        #expect(state["k"] == 1)
        #expect(state.stats.valueDecodeErrors == 1)
        #expect(state.stats.setsApplied == 1)
    }

    @Test(arguments: TableStorage.allCases) func undecodableValueForANewKeyLeavesItAbsent(storage: TableStorage) {
        var state = storage.state(keys, text)
        _ = state.apply(utf8("k"), [0xFF])
        #expect(state["k"] == nil)
        #expect(state.stats.valueDecodeErrors == 1)
    }

    @Test(arguments: TableStorage.allCases) func aCodecDecodingToNilStoresNilAsAValue(storage: TableStorage) {
        // ktables: a decoder that maps bytes to None gives a real value, not a tombstone.
        let maybe = TableCodec<String?>(encode: { _ in [] }, decode: { $0.isEmpty ? nil : "x" })
        var state = storage.state(keys, maybe)
        let change = state.apply(utf8("k"), [])
        #expect(change == .set(key: "k", value: nil))
        #expect(state.count == 1)
        #expect(state.snapshot().contains("k"))
        #expect(state.stats.valueDecodeErrors == 0)
    }

    @Test(arguments: TableStorage.allCases) func snapshotDoesNotSeeLaterChanges(storage: TableStorage) {
        var state = storage.state(keys, text)
        _ = state.apply(utf8("a"), utf8("1"))
        let before = state.snapshot()
        _ = state.apply(utf8("a"), utf8("2"))
        _ = state.apply(utf8("b"), utf8("3"))
        _ = state.apply(utf8("a"), nil)
        #expect(before["a"] == "1")
        #expect(before.count == 1)
        #expect(!before.contains("b"))
        let after = state.snapshot()
        #expect(after["a"] == nil)
        #expect(after["b"] == "3")
    }

    @Test(arguments: TableStorage.allCases) func snapshotReadsAndIterates(storage: TableStorage) {
        var state = storage.state(keys, text)
        for (key, value) in [("a", "1"), ("b", "2"), ("c", "3")] {
            _ = state.apply(utf8(key), utf8(value))
        }
        let snapshot = state.snapshot()
        #expect(snapshot.count == 3)
        #expect(!snapshot.isEmpty)
        #expect(snapshot.contains("b"))
        #expect(!snapshot.contains("z"))
        #expect(snapshot["c"] == "3")
        #expect(Set(snapshot.keys) == ["a", "b", "c"])
        let pairs = snapshot.map { "\($0.key)=\($0.value)" }.sorted()
        #expect(pairs == ["a=1", "b=2", "c=3"])
    }

    @Test(arguments: TableStorage.allCases) func snapshotIsReadableFromOtherTasksWhileTheStateMovesOn(storage: TableStorage) async {
        var state = storage.state(keys, text)
        _ = state.apply(utf8("a"), utf8("1"))
        let snapshot = state.snapshot()
        let readers = (0..<4).map { _ in Task.detached { snapshot["a"] } }
        for index in 0..<100 {
            _ = state.apply(utf8("a"), utf8("\(index)"))
        }
        for reader in readers {
            #expect(await reader.value == "1")
        }
        #expect(state["a"] == "99")
    }

    @Test(arguments: TableStorage.allCases) func emptySnapshot(storage: TableStorage) {
        let snapshot = storage.state(keys, text).snapshot()
        #expect(snapshot.isEmpty)
        #expect(snapshot.count == 0)
        #expect(Array(snapshot).isEmpty)
        #expect(snapshot == TableSnapshot())
    }

    @Test(arguments: TableStorage.allCases) func removeAllEmptiesTheMapButKeepsCounting(storage: TableStorage) {
        var state = storage.state(keys, text)
        _ = state.apply(utf8("a"), utf8("1"))
        _ = state.apply(nil, utf8("1"))
        let old = state.snapshot()
        state.removeAll()
        #expect(state.count == 0)
        #expect(state["a"] == nil)
        #expect(old["a"] == "1")
        #expect(state.stats.setsApplied == 1)
        #expect(state.stats.keylessRecords == 1)
        #expect(state.stats.rebuilds == 1)
        _ = state.apply(utf8("b"), utf8("2"))
        #expect(state.stats.setsApplied == 2)
    }

    @Test(arguments: TableStorage.allCases) func catchUpRecordsDurationAndRecordsReplayedSoFar(storage: TableStorage) {
        var state = storage.state(keys, text)
        _ = state.apply(utf8("a"), utf8("1"))
        _ = state.apply(utf8("b"), nil)
        _ = state.apply(nil, nil)
        state.recordCatchUp(after: .milliseconds(250))
        _ = state.apply(utf8("c"), utf8("3"))
        #expect(state.stats.catchUpDuration == .milliseconds(250))
        #expect(state.stats.recordsReplayedAtCatchUp == 2)
        #expect(state.stats.recordsApplied == 3)
    }

    @Test(arguments: TableStorage.allCases) func manyKeysThenDeletes(storage: TableStorage) {
        var state = storage.state(keys, text)
        for index in 0..<1000 {
            _ = state.apply(utf8("k\(index)"), utf8("v\(index)"))
        }
        for index in stride(from: 0, to: 1000, by: 2) {
            _ = state.apply(utf8("k\(index)"), nil)
        }
        #expect(state.count == 500)
        #expect(state["k1"] == "v1")
        #expect(state["k2"] == nil)
        #expect(state["k999"] == "v999")
    }

    @Test(arguments: TableStorage.allCases) func changeReportsItsKey(storage: TableStorage) throws {
        var state = storage.state(TableCodec<String>.string, TableCodec<[UInt8]>.bytes)
        let set = state.apply(utf8("a"), [1])
        #expect(try #require(set).key == "a")
        let deleted = state.apply(utf8("a"), nil)
        #expect(try #require(deleted).key == "a")
        #expect(TableChange<String, Int>.deleted(key: "b", previous: 1).key == "b")
    }
}
