@testable import GregorTables
import GregorProtocol
import GregorTestSupport
import Synchronization
import Testing

/// The compact storage (keys kept as bytes, values as bytes or boxed) against the decoded one
/// and a plain dictionary.
@Suite struct TableStorageTests {
    @Test func aByteKeyPresetMakesACompactTableAndAnyOtherKeyCodecDoesNot() {
        #expect(TableState(keyCodec: .string, valueCodec: .bytes).isCompact)
        #expect(TableState(keyCodec: .string, valueCodec: .string).isCompact)
        #expect(TableState(keyCodec: .bytes, valueCodec: .bytes).isCompact)
        #expect(TableState(keyCodec: .string, valueCodec: .json(Int.self)).isCompact)
        #expect(TableStorage.boxedValues.state(TableCodec<String>.string, TableCodec<[UInt8]>.bytes).isCompact)
        #expect(!TableState(keyCodec: .json(String.self), valueCodec: .bytes).isCompact)
        #expect(!TableStorage.decoded.state(TableCodec<String>.string, TableCodec<[UInt8]>.bytes).isCompact)
    }

    /// A value whose instances count themselves, to see that boxed values are released.
    final class Counted: Sendable {
        static let live = Mutex(0)
        let bytes: [UInt8]
        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            Self.live.withLock { $0 += 1 }
        }
        deinit { Self.live.withLock { $0 -= 1 } }
    }

    @Test func decodedValuesAreReleasedWhenReplacedDeletedOrDroppedAndKeptWhileASnapshotHoldsThem() {
        let codec = TableCodec<Counted>(encode: { $0.bytes }, decode: { Counted(Array($0)) })
        let before = Counted.live.withLock { $0 }
        var state = TableState(keyCodec: .string, valueCodec: codec)
        _ = state.apply(utf8("a"), utf8("1"))
        _ = state.apply(utf8("b"), utf8("2"))
        #expect(state["a"]?.bytes == utf8("1"))
        // Changes hold values too; these are dropped at once.
        _ = state.apply(utf8("a"), utf8("3"))
        #expect(Counted.live.withLock { $0 } == before + 2, "the replaced value is released")
        var snapshot: TableSnapshot<String, Counted>? = state.snapshot()
        _ = state.apply(utf8("b"), nil)
        #expect(Counted.live.withLock { $0 } == before + 2, "the snapshot still holds b")
        #expect(snapshot?["b"]?.bytes == utf8("2"))
        snapshot = nil
        _ = state.apply(utf8("c"), utf8("4"))  // folds the snapshot's layer away
        #expect(state["b"] == nil && state["a"]?.bytes == utf8("3"))
        #expect(Counted.live.withLock { $0 } == before + 2, "b is released once nothing holds it")
        state.removeAll()
        #expect(Counted.live.withLock { $0 } == before)
    }

    @Test func utf8KeysAreJudgedExactlyAsTheDecodedStorageJudgesThem() {
        // Overlong forms, surrogates, cut-off sequences, > U+10FFFF, stray continuation bytes,
        // and valid text with the non-ASCII part before, inside and after an 8-byte ASCII run.
        let inputs: [[UInt8]] = [
            [], utf8("plain ascii key"), utf8("abcdefgh€"), utf8("€abcdefghijk"), utf8("abcdefghijklmnop😀q"),
            [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
            [0x80], utf8("abcdefgh") + [0xE2, 0x82], utf8("abcdefghijklmnopq") + [0xFF], [0x61, 0xC3],
        ]
        for input in inputs {
            var decoded = TableStorage.decoded.state(TableCodec<String>.string, TableCodec<String>.string)
            let decodedChange = decoded.apply(input, utf8("v"))
            _ = decoded.apply(utf8("k"), input)
            for storage in [TableStorage.compact, .boxedValues] {
                var compact = storage.state(TableCodec<String>.string, TableCodec<String>.string)
                let compactChange = compact.apply(input, utf8("v"))
                #expect(compactChange == decodedChange, "\(storage) key \(input)")
                // The same bytes as a value.
                _ = compact.apply(utf8("k"), input)
                #expect(compact["k"] == decoded["k"], "\(storage) value \(input)")
                #expect(compact.stats == decoded.stats, "\(storage) \(input)")
            }
        }
    }

    /// How the random test holds snapshots, which decides the compact storage's write path.
    enum SnapshotUse: CaseIterable, Sendable {
        /// None: every write goes to the flat table in place.
        case none
        /// Taken and kept: writes go to the persistent layer, folded into a fresh copy as it grows.
        case kept
        /// Taken, kept for 300 writes, dropped: the next write folds the persistent layer back
        /// into the flat table in place.
        case dropped
    }

    @Test(arguments: [1, 2, 3], SnapshotUse.allCases)
    func randomSetsAndDeletesAgreeWithADictionaryInBothStorages(seed: UInt64, snapshots use: SnapshotUse) async {
        // Seconds of CPU: run on a thread of its own, not on the cooperative pool that the
        // connection tests running beside it need; the checks are asserted back here.
        let log = await runBlocking { Self.randomRun(seed: seed, snapshots: use) }
        #expect(log.failures.isEmpty, "\(log.failures.count) failed checks, first: \(log.failures.prefix(5))")
    }

    private static func randomRun(seed: UInt64, snapshots use: SnapshotUse) -> CheckLog {
        var log = CheckLog()
        var random = SplitMix64(seed: seed)  // seeded, so failures reproduce
        var compact = TableStorage.compact.state(TableCodec<[UInt8]>.bytes, TableCodec<[UInt8]>.bytes)
        var decoded = TableStorage.decoded.state(TableCodec<[UInt8]>.bytes, TableCodec<[UInt8]>.bytes)
        // The replay's path: the same records, no changes built, through the non-generic apply
        // of the store's compact entries.
        var quiet = TableStorage.compact.state(TableCodec<[UInt8]>.bytes, TableCodec<[UInt8]>.bytes)
        // Both again with boxed values.
        var boxed = TableStorage.boxedValues.state(TableCodec<[UInt8]>.bytes, TableCodec<[UInt8]>.bytes)
        var quietBoxed = TableStorage.boxedValues.state(TableCodec<[UInt8]>.bytes, TableCodec<[UInt8]>.bytes)
        var boxedSnapshots: [(TableSnapshot<[UInt8], [UInt8]>, [[UInt8]: [UInt8]])] = []
        var expected: [[UInt8]: [UInt8]] = [:]
        var snapshots: [(TableSnapshot<[UInt8], [UInt8]>, [[UInt8]: [UInt8]])] = []
        var held: (TableSnapshot<[UInt8], [UInt8]>, count: Int)?
        var boxedHeld: (TableSnapshot<[UInt8], [UInt8]>, count: Int)?
        // 9 000 keys of 0...40 bytes (many share prefixes), values of 0...100 bytes, a quarter of
        // the records tombstones: enough writes for the persistent layer to be folded several times.
        for step in 0..<40000 {
            let keyIndex = Int(random.next() % 9000)
            let key = [UInt8(truncatingIfNeeded: keyIndex), UInt8(truncatingIfNeeded: keyIndex >> 8)]
                + (0..<(keyIndex % 39)).map { UInt8(truncatingIfNeeded: keyIndex &* 31 &+ $0) }
            let value: [UInt8]? = random.next() % 4 == 0 ? nil : (0..<Int(random.next() % 101)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let compactChange = compact.apply(key, value)
            let decodedChange = decoded.apply(key, value)
            let boxedChange = boxed.apply(key, value)
            for index in 0..<2 {
                let appliedQuietly = withOptionalBytes(key) { key in
                    withOptionalBytes(value) { value in
                        func applyQuietly(_ state: inout TableState<[UInt8], [UInt8]>) -> Bool? {
                            guard let forms = state.entryForms else { return nil }
                            return state.withCompactEntries { entries, stats -> Bool in
                                _ = entries.apply(key: key, value: value, forms: forms, stats: &stats)
                                return true
                            }
                        }
                        return index == 0 ? applyQuietly(&quiet) : applyQuietly(&quietBoxed)
                    }
                }
                log.check(appliedQuietly == true, "a table with byte keys must be compact")
            }
            log.check(compactChange == decodedChange)
            log.check(boxedChange == decodedChange)
            log.check(boxed.count == compact.count)
            if let value {
                log.check(compactChange == .set(key: key, value: value))
                expected[key] = value
            } else if let previous = expected.removeValue(forKey: key) {
                log.check(compactChange == .deleted(key: key, previous: previous))
            } else {
                log.check(compactChange == nil)
            }
            log.check(compact.count == expected.count)
            switch use {
            case .none: break
            case .kept:
                if step % 5000 == 0 { snapshots.append((compact.snapshot(), expected)) }
                if step % 5000 == 2500 { boxedSnapshots.append((boxed.snapshot(), expected)) }
            case .dropped:
                if step % 700 == 0 { held = (compact.snapshot(), expected.count) }
                if step % 700 == 350 { boxedHeld = (boxed.snapshot(), expected.count) }
                if step % 700 == 650, let (snapshot, count) = boxedHeld {
                    log.check(snapshot.count == count)
                    boxedHeld = nil
                }
                if step % 700 == 300, let (snapshot, count) = held {
                    log.check(snapshot.count == count)
                    held = nil
                }
            }
        }
        log.check(compact.stats == decoded.stats)
        log.check(quiet.stats == decoded.stats)
        log.check(compact.snapshot() == decoded.snapshot())
        log.check(quiet.snapshot() == decoded.snapshot())
        log.check(boxed.stats == decoded.stats)
        log.check(quietBoxed.stats == decoded.stats)
        log.check(boxed.snapshot() == decoded.snapshot())
        log.check(quietBoxed.snapshot() == decoded.snapshot())
        log.check(Dictionary(uniqueKeysWithValues: compact.snapshot().map { ($0.key, $0.value) }) == expected)
        log.check(Dictionary(uniqueKeysWithValues: boxed.snapshot().map { ($0.key, $0.value) }) == expected)
        for (key, value) in expected { log.check(compact[key] == value && boxed[key] == value) }
        // Each kept snapshot still holds exactly what the map held when it was taken.
        for (snapshot, then) in snapshots + boxedSnapshots {
            log.check(snapshot.count == then.count)
            log.check(Dictionary(uniqueKeysWithValues: snapshot.map { ($0.key, $0.value) }) == then)
            for (key, value) in then.prefix(200) { log.check(snapshot[key] == value) }
        }
        return log
    }
}
