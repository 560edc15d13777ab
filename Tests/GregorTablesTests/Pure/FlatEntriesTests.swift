@testable import GregorTables
import Testing

/// The flat hash table under compact tables, at sizes where its arrays are mappings of their own
/// (`ZeroedArrayMemory`).
@Suite struct FlatEntriesTests {
    static func key(_ index: Int) -> [UInt8] { Array("key-\(index)".utf8) }

    static func entry(_ index: Int, value: Int) -> TableEntry {
        key(index).withUnsafeBytes { key in withUnsafeBytes(of: value) { TableEntry(key: key, value: $0) } }
    }

    static func value(of entry: TableEntry?) -> Int? {
        entry?.withValueBytes { $0.count == MemoryLayout<Int>.size ? $0.loadUnaligned(as: Int.self) : nil }
    }

    @Test func largeAndSmallArraysComeZeroFilledAndOnlyTheLargeAreMapped() {
        for byteCount in [0, 100, ZeroedArrayMemory.mappingThreshold - 1, ZeroedArrayMemory.mappingThreshold, 5 << 20] {
            let (memory, mapped) = ZeroedArrayMemory.allocate(byteCount: byteCount)
            #expect(mapped == (byteCount >= ZeroedArrayMemory.mappingThreshold), "\(byteCount) bytes")
            let bytes = UnsafeRawBufferPointer(start: memory, count: byteCount)
            #expect(bytes.allSatisfy { $0 == 0 }, "\(byteCount) bytes")
            if byteCount > 0 { memory.storeBytes(of: 0xFF, toByteOffset: byteCount - 1, as: UInt8.self) }
            ZeroedArrayMemory.deallocate(memory, byteCount: byteCount, mapped: mapped)
        }
    }

    @Test func aTableGrownPastTheMappingThresholdKeepsEveryEntryAndItsCopiesStayApart() {
        let table = FlatEntries()
        let count = 150_000  // 262 144 slots: 3 MiB of arrays
        for index in 0..<count {
            let tag = Self.key(index).withUnsafeBytes { keyTag($0) }
            #expect(table.set(Self.entry(index, value: index), tag: tag) == nil)
        }
        #expect(table.count == count)
        let copy = table.copy()
        for index in stride(from: 0, to: count, by: 2) {
            let removed = Self.key(index).withUnsafeBytes { table.remove(key: $0, tag: keyTag($0)) }
            #expect(Self.value(of: removed) == index)
        }
        for index in stride(from: 1, to: count, by: 2) {
            let tag = Self.key(index).withUnsafeBytes { keyTag($0) }
            #expect(Self.value(of: table.set(Self.entry(index, value: -index), tag: tag)) == index)
        }
        #expect(table.count == count / 2 && copy.count == count)
        for index in [0, 1, 2, 77_777, 149_998, 149_999] {
            let (inTable, inCopy) = Self.key(index).withUnsafeBytes { key in
                (table.entry(forKey: key, tag: keyTag(key)), copy.entry(forKey: key, tag: keyTag(key)))
            }
            #expect(Self.value(of: inTable) == (index % 2 == 0 ? nil : -index), "key \(index)")
            #expect(Self.value(of: inCopy) == index, "key \(index) in the copy")
        }
        var walked = 0
        var slot = 0
        while let (_, next) = table.next(from: slot) {
            walked += 1
            slot = next
        }
        #expect(walked == count / 2)
    }

    @Test func aReservedTableDoesNotGrowUpToItsReserveAndShrinksOnlyWhenSparse() {
        let table = FlatEntries()
        table.reserve(10_000)
        let reserved = table.capacity
        #expect(reserved == FlatEntries.capacity(for: 10_000) && reserved * 4 / 5 >= 10_000)
        for index in 0..<10_000 {
            _ = table.set(Self.entry(index, value: index), tag: Self.key(index).withUnsafeBytes { keyTag($0) })
        }
        #expect(table.capacity == reserved, "no growth up to the reserve")
        table.shrinkIfSparse()
        #expect(table.capacity == reserved, "a full table keeps its size")
        for index in 0..<9_900 {
            _ = Self.key(index).withUnsafeBytes { table.remove(key: $0, tag: keyTag($0)) }
        }
        table.shrinkIfSparse()
        #expect(table.capacity == FlatEntries.capacity(for: 200))
        for index in 9_900..<10_000 {
            let found = Self.key(index).withUnsafeBytes { table.entry(forKey: $0, tag: keyTag($0)) }
            #expect(Self.value(of: found) == index, "key \(index) after the shrink")
        }
    }
}
