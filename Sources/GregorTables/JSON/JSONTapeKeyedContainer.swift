/// A JSON object read through `CodingKey`s. As in `JSONDecoder`, the first of duplicate keys
/// wins and keys match by `String` equality.
///
/// `KeyedDecodingContainer` copies its container for every call, so the common case — a small
/// object at the top of the document — keeps a single reference (the tape); the coding path and
/// the key index of a large object sit in `extras` only when there are any.
struct JSONTapeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    /// Objects with more members than this are indexed by key once; smaller ones are scanned.
    private static var scanLimit: Int { 16 }

    let tape: JSONTape
    private let objectIndex: Int
    private let extras: JSONKeyedContainerExtras?

    var codingPath: [any CodingKey] { extras?.codingPath ?? [] }

    init(tape: JSONTape, objectIndex: Int, codingPath: [any CodingKey]) throws {
        let token = tape.token(objectIndex)
        guard token.kind == .object else { throw JSONFastPathUnavailable() }
        self.tape = tape
        self.objectIndex = objectIndex
        var lookup: [String: Int]?
        if Int(token.count) > Self.scanLimit {
            var index: [String: Int] = [:]
            index.reserveCapacity(Int(token.count))
            for keyIndex in JSONMemberKeys(tape: tape, objectIndex: objectIndex) {
                let key = try tape.require(tape.string(at: keyIndex))
                if index[key] == nil { index[key] = keyIndex + 1 }
            }
            lookup = index
        }
        extras = codingPath.isEmpty && lookup == nil ? nil : JSONKeyedContainerExtras(codingPath: codingPath, lookup: lookup)
    }

    var allKeys: [Key] {
        var seen: Set<String> = []
        var keys: [Key] = []
        for keyIndex in JSONMemberKeys(tape: tape, objectIndex: objectIndex) {
            guard let text = tape.string(at: keyIndex), seen.insert(text).inserted, let key = Key(stringValue: text) else { continue }
            keys.append(key)
        }
        return keys
    }

    /// The token index of `key`'s value, if the object has the key.
    private func valueIndex(_ key: Key) -> Int? {
        let name = key.stringValue
        if let lookup = extras?.lookup { return lookup[name] }
        return tape.valueIndex(inObjectAt: objectIndex, forKey: name)
    }

    private func value(_ key: Key) throws -> Int {
        try tape.require(valueIndex(key))
    }

    func contains(_ key: Key) -> Bool { valueIndex(key) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { tape.isNull(at: try value(key)) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try tape.require(tape.bool(at: try value(key))) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try tape.require(tape.string(at: try value(key))) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try tape.require(tape.floatingPoint(at: try value(key), as: Double.self)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try tape.require(tape.floatingPoint(at: try value(key), as: Float.self)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try tape.require(tape.integer(at: try value(key), as: Int.self)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try tape.require(tape.integer(at: try value(key), as: Int8.self)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try tape.require(tape.integer(at: try value(key), as: Int16.self)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try tape.require(tape.integer(at: try value(key), as: Int32.self)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try tape.require(tape.integer(at: try value(key), as: Int64.self)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try tape.require(tape.integer(at: try value(key), as: UInt.self)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try tape.require(tape.integer(at: try value(key), as: UInt8.self)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try tape.require(tape.integer(at: try value(key), as: UInt16.self)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try tape.require(tape.integer(at: try value(key), as: UInt32.self)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try tape.require(tape.integer(at: try value(key), as: UInt64.self)) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try tape.decodeValue(type, at: try value(key), codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        KeyedDecodingContainer(try JSONTapeKeyedContainer<NestedKey>(tape: tape, objectIndex: try value(key), codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONTapeUnkeyedContainer(tape: tape, arrayIndex: try value(key), codingPath: codingPath + [key])
    }

    // Rare, and `JSONDecoder` has its own rules for a missing "super" key.
    func superDecoder() throws -> any Decoder { throw JSONFastPathUnavailable() }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw JSONFastPathUnavailable() }
}

/// What a keyed container holds beyond its tape and object, when it has any.
final class JSONKeyedContainerExtras: Sendable {
    let codingPath: [any CodingKey]
    /// Key text → index of its value, for large objects.
    let lookup: [String: Int]?

    init(codingPath: [any CodingKey], lookup: [String: Int]?) {
        self.codingPath = codingPath
        self.lookup = lookup
    }
}

/// The key token of each member of an object, in order (its value is the next token), without
/// allocating. Not nested in the generic container, so using it needs no type metadata.
struct JSONMemberKeys: Sequence, IteratorProtocol {
    let tape: JSONTape
    private var keyIndex: Int
    private let end: Int

    init(tape: JSONTape, objectIndex: Int) {
        self.tape = tape
        keyIndex = objectIndex + 1
        end = Int(tape.token(objectIndex).end)
    }

    mutating func next() -> Int? {
        guard keyIndex < end else { return nil }
        defer { keyIndex = tape.indexAfter(keyIndex + 1) }
        return keyIndex
    }
}

extension JSONTape {
    /// The token index of the value of the first member named `name` in the object at
    /// `objectIndex`, scanning its members (`String` equality, as `JSONDecoder` matches keys).
    func valueIndex(inObjectAt objectIndex: Int, forKey name: String) -> Int? {
        var name = name
        return name.withUTF8 { expected in
            var nameIsASCII = true
            for byte in expected where byte >= 0x80 {
                nameIsASCII = false
                break
            }
            var keys = JSONMemberKeys(tape: self, objectIndex: objectIndex)
            while let keyIndex = keys.next() {
                if stringEquals(at: keyIndex, expected, nameIsASCII: nameIsASCII) { return keyIndex + 1 }
            }
            return nil
        }
    }
}
