import GregorTables
import Testing

@Suite struct TableStateTests {
    let keys = TableCodec<String>.string
    let raw = TableCodec<[UInt8]>.bytes
    let text = TableCodec<String>.string

    @Test func setStoresTheValueAndReportsIt() {
        var state = TableState<String, [UInt8]>()
        let change = state.apply(utf8("k"), [1, 2], keyCodec: keys, valueCodec: raw)
        #expect(change == .set(key: "k", value: [1, 2]))
        #expect(state["k"] == [1, 2])
        #expect(state.count == 1)
        #expect(state.stats.setsApplied == 1)
    }

    @Test func lastWriteWins() {
        var state = TableState<String, String>()
        _ = state.apply(utf8("k"), utf8("one"), keyCodec: keys, valueCodec: text)
        _ = state.apply(utf8("k"), utf8("two"), keyCodec: keys, valueCodec: text)
        #expect(state["k"] == "two")
        #expect(state.count == 1)
        #expect(state.stats.setsApplied == 2)
    }

    @Test func tombstoneRemovesAPresentKeyAndReportsThePreviousValue() {
        var state = TableState<String, String>()
        _ = state.apply(utf8("k"), utf8("v"), keyCodec: keys, valueCodec: text)
        let change = state.apply(utf8("k"), nil, keyCodec: keys, valueCodec: text)
        #expect(change == .deleted(key: "k", previous: "v"))
        #expect(state["k"] == nil)
        #expect(state.count == 0)
        #expect(state.stats.tombstonesApplied == 1)
    }

    @Test func tombstoneForAnAbsentKeyIsCountedButIsNoChange() {
        var state = TableState<String, String>()
        #expect(state.apply(utf8("ghost"), nil, keyCodec: keys, valueCodec: text) == nil)
        #expect(state.stats.tombstonesApplied == 1)
        #expect(state.count == 0)
    }

    @Test func emptyBytesAreAValueNotATombstone() {
        var state = TableState<String, [UInt8]>()
        _ = state.apply(utf8("k"), [9], keyCodec: keys, valueCodec: raw)
        let change = state.apply(utf8("k"), [], keyCodec: keys, valueCodec: raw)
        #expect(change == .set(key: "k", value: []))
        #expect(state["k"] == [])
        #expect(state.stats.tombstonesApplied == 0)
        #expect(state.stats.setsApplied == 2)
    }

    @Test func emptyKeyIsAKey() {
        var state = TableState<String, String>()
        _ = state.apply([], utf8("v"), keyCodec: keys, valueCodec: text)
        #expect(state[""] == "v")
    }

    @Test func keylessRecordIsSkippedAndCounted() {
        var state = TableState<String, String>()
        #expect(state.apply(nil, utf8("v"), keyCodec: keys, valueCodec: text) == nil)
        #expect(state.apply(nil, nil, keyCodec: keys, valueCodec: text) == nil)
        #expect(state.stats.keylessRecords == 2)
        #expect(state.stats.tombstonesApplied == 0)
        #expect(state.count == 0)
    }

    @Test func undecodableKeyIsSkippedAndCounted() {
        var state = TableState<String, String>()
        #expect(state.apply([0xFF], utf8("v"), keyCodec: keys, valueCodec: text) == nil)
        #expect(state.apply([0xC0, 0x80], nil, keyCodec: keys, valueCodec: text) == nil)
        #expect(state.stats.keyDecodeErrors == 2)
        #expect(state.stats.tombstonesApplied == 0)
        #expect(state.count == 0)
    }

    @Test func undecodableValueKeepsThePreviousValue() {
        var state = TableState<String, Int>()
        let json = TableCodec.json(Int.self)
        _ = state.apply(utf8("k"), utf8("1"), keyCodec: keys, valueCodec: json)
        #expect(state.apply(utf8("k"), utf8("{oops"), keyCodec: keys, valueCodec: json) == nil)
        #expect(state["k"] == 1)
        #expect(state.stats.valueDecodeErrors == 1)
        #expect(state.stats.setsApplied == 1)
    }

    @Test func undecodableValueForANewKeyLeavesItAbsent() {
        var state = TableState<String, String>()
        _ = state.apply(utf8("k"), [0xFF], keyCodec: keys, valueCodec: text)
        #expect(state["k"] == nil)
        #expect(state.stats.valueDecodeErrors == 1)
    }

    @Test func aCodecDecodingToNilStoresNilAsAValue() {
        // ktables: a decoder that maps bytes to None gives a real value, not a tombstone.
        let maybe = TableCodec<String?>(encode: { _ in [] }, decode: { $0.isEmpty ? nil : "x" })
        var state = TableState<String, String?>()
        let change = state.apply(utf8("k"), [], keyCodec: keys, valueCodec: maybe)
        #expect(change == .set(key: "k", value: nil))
        #expect(state.count == 1)
        #expect(state.snapshot().contains("k"))
        #expect(state.stats.valueDecodeErrors == 0)
    }

    @Test func snapshotDoesNotSeeLaterChanges() {
        var state = TableState<String, String>()
        _ = state.apply(utf8("a"), utf8("1"), keyCodec: keys, valueCodec: text)
        let before = state.snapshot()
        _ = state.apply(utf8("a"), utf8("2"), keyCodec: keys, valueCodec: text)
        _ = state.apply(utf8("b"), utf8("3"), keyCodec: keys, valueCodec: text)
        _ = state.apply(utf8("a"), nil, keyCodec: keys, valueCodec: text)
        #expect(before["a"] == "1")
        #expect(before.count == 1)
        #expect(!before.contains("b"))
        let after = state.snapshot()
        #expect(after["a"] == nil)
        #expect(after["b"] == "3")
    }

    @Test func snapshotReadsAndIterates() {
        var state = TableState<String, String>()
        for (key, value) in [("a", "1"), ("b", "2"), ("c", "3")] {
            _ = state.apply(utf8(key), utf8(value), keyCodec: keys, valueCodec: text)
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

    @Test func snapshotIsReadableFromOtherTasksWhileTheStateMovesOn() async {
        var state = TableState<String, String>()
        _ = state.apply(utf8("a"), utf8("1"), keyCodec: keys, valueCodec: text)
        let snapshot = state.snapshot()
        let readers = (0..<4).map { _ in Task.detached { snapshot["a"] } }
        for index in 0..<100 {
            _ = state.apply(utf8("a"), utf8("\(index)"), keyCodec: keys, valueCodec: text)
        }
        for reader in readers {
            #expect(await reader.value == "1")
        }
        #expect(state["a"] == "99")
    }

    @Test func emptySnapshot() {
        let snapshot = TableState<String, String>().snapshot()
        #expect(snapshot.isEmpty)
        #expect(snapshot.count == 0)
        #expect(Array(snapshot).isEmpty)
        #expect(snapshot == TableSnapshot())
    }

    @Test func removeAllEmptiesTheMapButKeepsCounting() {
        var state = TableState<String, String>()
        _ = state.apply(utf8("a"), utf8("1"), keyCodec: keys, valueCodec: text)
        _ = state.apply(nil, utf8("1"), keyCodec: keys, valueCodec: text)
        let old = state.snapshot()
        state.removeAll()
        #expect(state.count == 0)
        #expect(state["a"] == nil)
        #expect(old["a"] == "1")
        #expect(state.stats.setsApplied == 1)
        #expect(state.stats.keylessRecords == 1)
        #expect(state.stats.rebuilds == 1)
        _ = state.apply(utf8("b"), utf8("2"), keyCodec: keys, valueCodec: text)
        #expect(state.stats.setsApplied == 2)
    }

    @Test func catchUpRecordsDurationAndRecordsReplayedSoFar() {
        var state = TableState<String, String>()
        _ = state.apply(utf8("a"), utf8("1"), keyCodec: keys, valueCodec: text)
        _ = state.apply(utf8("b"), nil, keyCodec: keys, valueCodec: text)
        _ = state.apply(nil, nil, keyCodec: keys, valueCodec: text)
        state.recordCatchUp(after: .milliseconds(250))
        _ = state.apply(utf8("c"), utf8("3"), keyCodec: keys, valueCodec: text)
        #expect(state.stats.catchUpDuration == .milliseconds(250))
        #expect(state.stats.recordsReplayedAtCatchUp == 2)
        #expect(state.stats.recordsApplied == 3)
    }

    @Test func manyKeysThenDeletes() {
        var state = TableState<String, String>()
        for index in 0..<1000 {
            _ = state.apply(utf8("k\(index)"), utf8("v\(index)"), keyCodec: keys, valueCodec: text)
        }
        for index in stride(from: 0, to: 1000, by: 2) {
            _ = state.apply(utf8("k\(index)"), nil, keyCodec: keys, valueCodec: text)
        }
        #expect(state.count == 500)
        #expect(state["k1"] == "v1")
        #expect(state["k2"] == nil)
        #expect(state["k999"] == "v999")
    }

    @Test func changeReportsItsKey() {
        #expect(TableChange<String, Int>.set(key: "a", value: 1).key == "a")
        #expect(TableChange<String, Int>.deleted(key: "b", previous: 1).key == "b")
    }
}
