/// A JSON array read element by element.
struct JSONTapeUnkeyedContainer: UnkeyedDecodingContainer {
    let tape: JSONTape
    let codingPath: [any CodingKey]
    let count: Int?
    private(set) var currentIndex = 0
    /// The token of the current element.
    private var position: Int

    init(tape: JSONTape, arrayIndex: Int, codingPath: [any CodingKey]) throws {
        let token = tape.token(arrayIndex)
        guard token.kind == .array else { throw JSONFastPathUnavailable() }
        self.tape = tape
        self.codingPath = codingPath
        self.count = Int(token.count)
        self.position = arrayIndex + 1
    }

    var isAtEnd: Bool { currentIndex >= count ?? 0 }

    /// The current element's token; moves past it.
    private mutating func next() throws -> Int {
        guard !isAtEnd else { throw JSONFastPathUnavailable() }
        let current = position
        position = tape.indexAfter(current)
        currentIndex += 1
        return current
    }

    /// The path of the current element, named as `JSONDecoder` names it.
    private var elementPath: [any CodingKey] { codingPath + [JSONIndexKey(index: currentIndex)] }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw JSONFastPathUnavailable() }
        guard tape.isNull(at: position) else { return false }
        _ = try next()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try tape.require(tape.bool(at: try next())) }
    mutating func decode(_ type: String.Type) throws -> String { try tape.require(tape.string(at: try next())) }
    mutating func decode(_ type: Double.Type) throws -> Double { try tape.require(tape.floatingPoint(at: try next(), as: Double.self)) }
    mutating func decode(_ type: Float.Type) throws -> Float { try tape.require(tape.floatingPoint(at: try next(), as: Float.self)) }
    mutating func decode(_ type: Int.Type) throws -> Int { try tape.require(tape.integer(at: try next(), as: Int.self)) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try tape.require(tape.integer(at: try next(), as: Int8.self)) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try tape.require(tape.integer(at: try next(), as: Int16.self)) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try tape.require(tape.integer(at: try next(), as: Int32.self)) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try tape.require(tape.integer(at: try next(), as: Int64.self)) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try tape.require(tape.integer(at: try next(), as: UInt.self)) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try tape.require(tape.integer(at: try next(), as: UInt8.self)) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try tape.require(tape.integer(at: try next(), as: UInt16.self)) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try tape.require(tape.integer(at: try next(), as: UInt32.self)) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try tape.require(tape.integer(at: try next(), as: UInt64.self)) }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let path = elementPath
        return try tape.decodeValue(type, at: try next(), codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let path = elementPath
        return KeyedDecodingContainer(try JSONTapeKeyedContainer<NestedKey>(tape: tape, objectIndex: try next(), codingPath: path))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let path = elementPath
        return try JSONTapeUnkeyedContainer(tape: tape, arrayIndex: try next(), codingPath: path)
    }

    mutating func superDecoder() throws -> any Decoder { throw JSONFastPathUnavailable() }
}

/// An array element's place in a coding path ("Index N", as `JSONDecoder` writes it).
struct JSONIndexKey: CodingKey {
    private let index: Int

    init(index: Int) {
        self.index = index
    }

    init?(stringValue: String) {
        nil
    }

    init?(intValue: Int) {
        self.init(index: intValue)
    }

    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
}
