#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A `Codable` decoder over a parsed `JSONTape`: the fast path of the `.json(_:)` codec.
///
/// It gives either exactly the value `JSONDecoder()` (default options) gives for the same bytes,
/// or throws `JSONFastPathUnavailable`, after which the caller asks `JSONDecoder`. Every error,
/// invalid JSON and every type `JSONDecoder` treats specially (`Data`, `URL`, `Decimal`) ends
/// there, so error messages and edge cases always come from `JSONDecoder` itself.
enum JSONTapeDecoding {
    /// Decodes `type` from `bytes`. (A typed throw rather than a generic result enum, whose type
    /// metadata unspecialized callers would look up on every call.)
    static func decode<Value: Decodable>(_ type: Value.Type, from bytes: UnsafeRawBufferPointer) throws(JSONFastPathUnavailable) -> Value {
        guard let tape = JSONTape.parse(bytes) else { throw JSONFastPathUnavailable() }
        do {
            return try tape.decodeValue(type, at: 0, codingPath: [])
        } catch {
            throw JSONFastPathUnavailable()
        }
    }
}

/// Thrown inside the fast path: the decode is handed to `JSONDecoder`.
struct JSONFastPathUnavailable: Error {}

extension JSONTape {
    /// Decodes any `Decodable` from the value at `index`.
    func decodeValue<T: Decodable>(_ type: T.Type, at index: Int, codingPath: [any CodingKey]) throws -> T {
        // `JSONDecoder` decodes these from strings and numbers, not through their `init(from:)`.
        if T.self == Data.self || T.self == URL.self || T.self == Decimal.self { throw JSONFastPathUnavailable() }
        return try T(from: JSONTapeDecoder(tape: self, index: index, codingPath: codingPath))
    }

    /// `value`, or the fallback error when it is `nil`.
    @inline(__always)
    func require<T>(_ value: T?) throws -> T {
        guard let value else { throw JSONFastPathUnavailable() }
        return value
    }
}

/// The `Decoder` (and single-value container) for one value of a tape. A struct of three words,
/// so passing it as `any Decoder` allocates nothing.
struct JSONTapeDecoder: Decoder, SingleValueDecodingContainer {
    let tape: JSONTape
    let index: Int
    let codingPath: [any CodingKey]
    /// `JSONDecoder()` has no user info.
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(tape: JSONTape, index: Int, codingPath: [any CodingKey]) {
        self.tape = tape
        self.index = index
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try JSONTapeKeyedContainer<Key>(tape: tape, objectIndex: index, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try JSONTapeUnkeyedContainer(tape: tape, arrayIndex: index, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { tape.isNull(at: index) }
    func decode(_ type: Bool.Type) throws -> Bool { try tape.require(tape.bool(at: index)) }
    func decode(_ type: String.Type) throws -> String { try tape.require(tape.string(at: index)) }
    func decode(_ type: Double.Type) throws -> Double { try tape.require(tape.floatingPoint(at: index, as: Double.self)) }
    func decode(_ type: Float.Type) throws -> Float { try tape.require(tape.floatingPoint(at: index, as: Float.self)) }
    func decode(_ type: Int.Type) throws -> Int { try tape.require(tape.integer(at: index, as: Int.self)) }
    func decode(_ type: Int8.Type) throws -> Int8 { try tape.require(tape.integer(at: index, as: Int8.self)) }
    func decode(_ type: Int16.Type) throws -> Int16 { try tape.require(tape.integer(at: index, as: Int16.self)) }
    func decode(_ type: Int32.Type) throws -> Int32 { try tape.require(tape.integer(at: index, as: Int32.self)) }
    func decode(_ type: Int64.Type) throws -> Int64 { try tape.require(tape.integer(at: index, as: Int64.self)) }
    func decode(_ type: UInt.Type) throws -> UInt { try tape.require(tape.integer(at: index, as: UInt.self)) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try tape.require(tape.integer(at: index, as: UInt8.self)) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try tape.require(tape.integer(at: index, as: UInt16.self)) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try tape.require(tape.integer(at: index, as: UInt32.self)) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try tape.require(tape.integer(at: index, as: UInt64.self)) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try tape.decodeValue(type, at: index, codingPath: codingPath) }
}
