@testable import GregorTables
import Testing

/// Entries that hold a decoded value inside their allocation (`TableEntry(key:value:layout:)`).
@Suite struct TableEntryValueTests {
    final class Tracked: Sendable {}

    struct Holder: Sendable {
        var id: Int
        var name: String
        var tracked: Tracked
    }

    static func entry<Value: Sendable>(_ key: String, _ value: Value) -> TableEntry {
        Array(key.utf8).withUnsafeBytes { TableEntry(key: $0, value: value, layout: TableValueLayout.of(Value.self)) }
    }

    @Test func aValueComesBackWithItsKeyAndNoValueBytes() {
        let tracked = Tracked()
        let entry = Self.entry("service-a", Holder(id: 7, name: String(repeating: "n", count: 40), tracked: tracked))
        let value = entry.value(as: Holder.self, layout: TableValueLayout.of(Holder.self))
        #expect(value?.id == 7 && value?.name == String(repeating: "n", count: 40) && value?.tracked === tracked)
        #expect(entry.withKeyBytes { Array($0) } == Array("service-a".utf8))
        #expect(entry.withValueBytes { $0.count } == 0)
        #expect(!entry.isTombstone)
    }

    @Test func keysOfEveryLengthAroundTheAlignmentKeepTheirValues() {
        // The value sits after the key, from the next multiple of 8: each key length moves it.
        for length in 0...17 {
            let key = String(repeating: "k", count: length)
            let entry = Self.entry(key, SIMD4<Float>(Float(length), 1, 2, 3))
            let value = entry.value(as: SIMD4<Float>.self, layout: TableValueLayout.of(SIMD4<Float>.self))
            #expect(value == SIMD4<Float>(Float(length), 1, 2, 3), "key length \(length)")
            #expect(entry.withKeyBytes { Array($0) } == Array(key.utf8))
            let text = Self.entry(key, "value \(length) " + String(repeating: "x", count: length))
            #expect(text.value(as: String.self, layout: TableValueLayout.of(String.self)) == "value \(length) " + String(repeating: "x", count: length))
        }
    }

    @Test func anEntryOfAnotherLayoutGivesNoValue() {
        let entry = Self.entry("a", 42)
        #expect(entry.value(as: Int.self, layout: TableValueLayout.of(Int.self)) == 42)
        #expect(entry.value(as: Int64.self, layout: TableValueLayout.of(Int64.self)) == nil)
        let bytes = Array("a".utf8).withUnsafeBytes { key in Array("v".utf8).withUnsafeBytes { TableEntry(key: key, value: $0) } }
        #expect(bytes.value(as: Int.self, layout: TableValueLayout.of(Int.self)) == nil)
    }

    @Test func theValueIsDestroyedWithTheLastCopyOfTheEntry() {
        weak var tracked: Tracked?
        var copy: TableEntry?
        do {
            let object = Tracked()
            tracked = object
            let entry = Self.entry("a", Holder(id: 1, name: "n", tracked: object))
            copy = entry
        }
        #expect(tracked != nil)
        copy = nil
        #expect(copy == nil && tracked == nil)
    }

    @Test func eachTypeHasOneLayout() {
        #expect(TableValueLayout.of(Holder.self) === TableValueLayout.of(Holder.self))
        #expect(TableValueLayout.of(Holder.self) !== TableValueLayout.of(Int.self))
        #expect(TableValueLayout.of(Holder.self).size == MemoryLayout<Holder>.size)
        #expect(TableValueLayout.of(SIMD4<Float>.self).alignment == 16)
    }
}
