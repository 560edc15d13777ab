#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import GregorTables
import GregorProtocol
import GregorTestSupport
import Testing

/// The `.json(_:)` codec's fast path must give exactly `JSONDecoder()`'s value whenever it gives
/// one, and hand everything else to `JSONDecoder`.
@Suite struct JSONTapeDecodingTests {
    // MARK: Types under test

    struct Scalars: Codable, Equatable {
        var flag: Bool
        var text: String
        var double: Double
        var float: Float
        var int: Int
        var int8: Int8
        var uint8: UInt8
        var int16: Int16
        var uint32: UInt32
        var int64: Int64
        var uint64: UInt64
        var optional: Int?
    }

    struct Inner: Codable, Equatable {
        var name: String
        var weight: Double?
    }

    struct Nested: Codable, Equatable {
        var id: Int
        var tags: [String]
        var inner: Inner?
        var grid: [[Double]]
        var meta: [String: Int]
        var when: Date
        var items: [Inner]
    }

    enum Shape: Codable, Equatable {
        case circle(radius: Double)
        case square(side: Int, label: String?)
        case empty
    }

    struct Special: Codable, Equatable {
        var data: Data
    }

    /// Reads an array by hand: `decodeNil`, nested containers and the coding path.
    struct HandWritten: Decodable, Equatable {
        var values: [Int?]
        var path: [String]

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            var values: [Int?] = []
            var path: [String] = []
            while !container.isAtEnd {
                if try container.decodeNil() {
                    values.append(nil)
                } else {
                    let nested = try container.nestedContainer(keyedBy: AnyKey.self)
                    path = nested.codingPath.map(\.stringValue)
                    values.append(try nested.decode(Int.self, forKey: AnyKey(stringValue: "v")!))
                }
            }
            self.values = values
            self.path = path
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    // MARK: Fixed cases

    @Test func typicalDocumentsTakeTheFastPathAndMatchJSONDecoder() throws {
        expectFast(Scalars.self, #"{"flag":true,"text":"a\"b\\c\/d\n\u00e9\ud83d\ude00","double":-1.5e-3,"float":0.1,"int":-9223372036854775808,"int8":-128,"uint8":255,"int16":-2,"uint32":4294967295,"int64":9223372036854775807,"uint64":18446744073709551615,"optional":null}"#)
        expectFast(Scalars.self, #" { "optional" : 7 , "uint64":0,"int64":0,"uint32":0,"int16":0,"uint8":0,"int8":0,"int":0,"float":-0,"double":-0,"text":"","flag":false } "#)
        expectFast(Nested.self, #"{"id":1,"tags":["x","é","e\u0301"],"inner":{"name":"n","weight":2},"grid":[[1,2.5],[],[1e2]],"meta":{"a":1,"b":2},"when":12.25,"items":[{"name":"m"},{"name":"o","weight":null}]}"#)
        expectFast(Shape.self, #"{"square":{"side":3,"label":"s"}}"#)
        expectFast(Shape.self, #"{"circle":{"radius":1}}"#)
        expectFast(Shape.self, #"{"empty":{}}"#)
        expectFast(HandWritten.self, #"[null,{"v":1},null,{"v":-2}]"#)
        expectFast([String: Double].self, #"{"a":1,"b":-0.0,"c":1.7976931348623157e308}"#)
        expectFast(Int?.self, "null")
        expectFast(String.self, #""top-level fragment""#)
        expectFast(Double.self, "4.9406564584124654e-324")
        expectFast([Int].self, "[1, 2 ,3]")
    }

    @Test func theFirstOfDuplicateKeysWinsAsInJSONDecoder() {
        expectFast(Inner.self, #"{"name":"first","name":"second"}"#)
        expectFast([String: Int].self, #"{"a":1,"a":2,"b":3}"#)
        // Over the scan limit, the indexed lookup keeps the first too.
        let many = (0..<40).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        expectFast([String: Int].self, "{" + many + #","k3":99}"#)
    }

    @Test func keysMatchByStringEqualityIncludingEscapesAndCanonicalEquivalence() {
        expectFast(Inner.self, #"{"\u006eame":"escaped key"}"#)
        // "café" with a combining accent matches a key written precomposed, as in JSONDecoder.
        struct Cafe: Codable, Equatable {
            var café: Int
        }
        expectFast(Cafe.self, "{\"cafe\u{301}\":1}")
    }

    /// The string scanner skips eight bytes at a time when none can end or escape the string: a
    /// quote, backslash, control or non-ASCII byte at any position of a window must still be seen.
    @Test func everyPositionOfASpecialByteInAStringIsSeen() {
        let specials = [#"\""#, #"\\"#, #"\n"#, #"\u00e9"#, "é", "😀", "\u{7F}"]
        for length in 0..<20 {
            for position in 0...length {
                let plain = String(repeating: "a", count: position) + String(repeating: "b", count: length - position)
                expectFast(Inner.self, #"{"name":"\#(plain)"}"#)
                for special in specials {
                    let text = String(repeating: "a", count: position) + special + String(repeating: "b", count: length - position)
                    expectFast(Inner.self, #"{"name":"\#(text)","weight":1}"#)
                }
                // A raw control character or an unescaped quote makes the document invalid.
                let control = String(repeating: "a", count: position) + "\u{1}" + String(repeating: "b", count: length - position)
                expectFallback(Inner.self, #"{"name":"\#(control)"}"#)
                let quote = String(repeating: "a", count: position) + "\"" + String(repeating: "b", count: length - position)
                expectFallback(Inner.self, #"{"name":"\#(quote)"}"#)
            }
        }
    }

    /// Each of these is invalid JSON, a value `JSONDecoder` rejects or converts, or a type it
    /// treats specially: the fast path must step aside, and the codec must then answer exactly
    /// as `JSONDecoder`.
    @Test(arguments: [
        #"{"name":"x""#,  // cut off
        #"{"name":"x"} x"#,  // trailing bytes
        #"{"name":'x'}"#,  // not JSON
        #"{"name":"x",}"#,  // trailing comma
        #"{"name":"\ud800"}"#,  // unpaired surrogate
        #"{"name":"\udc00\ud800"}"#,
        "{\"name\":\"tab\there\"}",  // raw control character
        #"{"name":"x","weight":01}"#,  // leading zero
        #"{"name":"x","weight":1e400}"#,  // overflows a Double
        #"{"name":"x","weight":1e-400}"#,  // underflows to zero
        #"{"name":"x","weight":"1"}"#,  // type mismatch
        #"{"weight":1}"#,  // missing key
        #"{"name":null}"#,  // null for a non-optional
        "\u{FEFF}{\"name\":\"bom\"}",
    ])
    func fastPathStepsAsideAndTheCodecAnswersAsJSONDecoder(text: String) {
        expectFallback(Inner.self, text)
    }

    /// `JSONDecoder` reads some of these as integers (`1.0`, `1e2`) and rejects the others.
    @Test(arguments: ["1.0", "1e2", "-0.0", "18446744073709551616", "-9223372036854775809", "1.5"])
    func integersNotWrittenAsIntegersInRangeGoToJSONDecoder(text: String) {
        expectFallback(Int.self, text)
        expectFallback(UInt8.self, text)
    }

    @Test(arguments: ["256", "-1", "-0"])
    func integersOutOfAnUnsignedByteGoToJSONDecoder(text: String) {
        expectFallback(UInt8.self, text)
    }

    @Test func invalidUTF8GoesToJSONDecoder() {
        let bytes: [UInt8] = Array(#"{"name":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        expectFallback(Inner.self, bytes)
        // Past an ASCII run read eight bytes at a time, in a key, and truncated at the closing quote.
        expectFallback(Inner.self, Array(#"{"name":"abcdefghijklmnopé"#.utf8) + [0xE2, 0x82] + Array(#""}"#.utf8))
        expectFallback(Inner.self, Array(#"{"na"#.utf8) + [0xED, 0xA0, 0x80] + Array(#"me":"x","name":"y"}"#.utf8))
        expectFallback(Inner.self, Array(#"{"name":"x"#.utf8) + [0xF0, 0x9F] + Array(#""}"#.utf8))
        // Outside a string, any byte above ASCII is invalid JSON.
        expectFallback(Inner.self, Array(#"{"name":"x"}"#.utf8) + [0xC3, 0xA9])
        // Valid multi-byte text in keys and values stays on the fast path.
        expectFast([String: String].self, #"{"é😀":"ü\u00e9€","k":"abcdefghijklmnopqrstuvwxyz€"}"#)
    }

    @Test func largeDocumentsWithMoreTokensThanTheEstimateTakeTheFastPath() {
        // Small numbers make about one token per 2 bytes, far over the estimate of 1 per 8 that
        // documents over 4 KiB start with; the parse then retries with room for the most.
        let numbers = "[" + (0..<20_000).map { String($0 % 10) }.joined(separator: ",") + "]"
        #expect(bytesOf(numbers).withUnsafeBytes { JSONTape.parse($0)?.tokenCount } == 20_001)
        expectFast([Int].self, numbers)
        let strings = "[" + (0..<5_000).map { #""s\#($0)""# }.joined(separator: ",") + "]"
        expectFast([String].self, strings)
        let objects = "[" + (0..<3_000).map { #"{"name":"n\#($0)","weight":\#($0)}"# }.joined(separator: ",") + "]"
        expectFast([Inner].self, objects)
    }

    /// Arrays nested in arrays, decoded to their depth.
    struct Nesting: Codable, Equatable, Sendable {
        var depth: Int

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            depth = container.isAtEnd ? 1 : try container.decode(Nesting.self).depth + 1
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            if depth > 1 {
                var inner = self
                inner.depth -= 1
                try container.encode(inner)
            }
        }
    }

    @Test func nestingDeeperThanJSONDecoderAllowsGoesToIt() {
        let depth = JSONTape.maximumDepth + 1
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(bytesOf(text).withUnsafeBytes { JSONTape.parse($0) } == nil)
        // The codec then answers exactly as JSONDecoder does.
        expectFallback(Nesting.self, text)
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(bytesOf(fine).withUnsafeBytes { JSONTape.parse($0) } != nil)
        expectFast(Nesting.self, fine)
    }

    @Test func dataIsLeftToJSONDecoderWhichReadsBase64() throws {
        expectFallback(Special.self, #"{"data":"AAEC"}"#)
        let decoded = try TableCodec.json(Special.self).decode(bytesOf(#"{"data":"AAEC"}"#))
        #expect(decoded.data == Data([0, 1, 2]))
    }

    // MARK: Randomized differential

    /// Random documents shaped like each type, with random formatting, escapes, number forms,
    /// missing, extra, duplicate and null members, and random byte edits. Whenever the fast path
    /// answers, its value must equal `JSONDecoder`'s; it must answer for most unedited documents.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func fastPathAgreesWithJSONDecoderOnRandomDocuments(seed: UInt64) async {
        // Seconds of CPU: on its own thread, so it never holds a cooperative thread that
        // concurrent socket tests need.
        let tally = await runBlocking { [self] in
            var generator = RandomJSON(random: SplitMix64(seed: seed))  // seeded, so failures reproduce
            var tally = Tally()
            for round in 0..<3_000 {
                let edited = round % 3 == 0
                tally.add(differential(Scalars.self, generator.document(for: .object(scalarFields)), edited: edited, &generator), edited: edited)
                tally.add(differential(Nested.self, generator.document(for: .object(nestedFields)), edited: edited, &generator), edited: edited)
                tally.add(differential(Shape.self, generator.document(for: shapeSchema(&generator)), edited: edited, &generator), edited: edited)
                tally.add(differential([String: Double].self, generator.document(for: .dictionary(.double)), edited: edited, &generator), edited: edited)
            }
            return tally
        }
        #expect(tally.mismatches.isEmpty, "first mismatches: \(tally.mismatches.prefix(3))")
        // The test is only meaningful if both paths are exercised.
        // (Unedited documents still have wrong kinds, missing keys and out-of-range numbers.)
        #expect(tally.fastUnedited > tally.unedited / 3, "fast path answered \(tally.fastUnedited) of \(tally.unedited) unedited documents")
        #expect(tally.fallbacks > 100, "only \(tally.fallbacks) fallbacks")
    }

    // MARK: Helpers

    private struct Tally {
        var mismatches: [String] = []
        var unedited = 0
        var fastUnedited = 0
        var fallbacks = 0

        mutating func add(_ result: (fast: Bool, mismatch: String?), edited: Bool) {
            if let mismatch = result.mismatch { mismatches.append(mismatch) }
            if !edited {
                unedited += 1
                if result.fast { fastUnedited += 1 }
            }
            if !result.fast { fallbacks += 1 }
        }
    }

    private func differential<T: Decodable & Equatable>(_ type: T.Type, _ text: String, edited: Bool, _ generator: inout RandomJSON) -> (fast: Bool, mismatch: String?) {
        let bytes = edited ? generator.edit(bytesOf(text)) : bytesOf(text)
        let fast = bytes.withUnsafeBytes { bytes in Result { () throws(JSONFastPathUnavailable) in try JSONTapeDecoding.decode(T.self, from: bytes) } }
        guard case .success(let value) = fast else { return (false, nil) }
        let reference = Result { try JSONDecoder().decode(T.self, from: Data(bytes)) }
        switch reference {
        case .success(let expected) where same(value, expected):
            return (true, nil)
        case .success(let expected):
            return (true, "\(String(decoding: bytes, as: UTF8.self)): fast \(value), JSONDecoder \(expected)")
        case .failure(let error):
            return (true, "\(String(decoding: bytes, as: UTF8.self)): fast \(value), JSONDecoder threw \(error)")
        }
    }

    private func expectFast<T: Decodable & Equatable>(_ type: T.Type, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bytes = bytesOf(text)
        let reference = Result { try JSONDecoder().decode(T.self, from: Data(bytes)) }
        guard case .success(let expected) = reference else {
            Issue.record("JSONDecoder rejects \(text): \(reference)", sourceLocation: sourceLocation)
            return
        }
        guard case .success(let value) = bytes.withUnsafeBytes({ bytes in Result { () throws(JSONFastPathUnavailable) in try JSONTapeDecoding.decode(T.self, from: bytes) } }) else {
            Issue.record("fast path stepped aside for \(text)", sourceLocation: sourceLocation)
            return
        }
        #expect(same(value, expected), "\(value) vs \(expected)", sourceLocation: sourceLocation)
    }

    private func expectFallback<T: Codable & Equatable & Sendable>(_ type: T.Type, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expectFallback(type, bytesOf(text), sourceLocation: sourceLocation)
    }

    private func expectFallback<T: Codable & Equatable & Sendable>(_ type: T.Type, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let fast = bytes.withUnsafeBytes { bytes in Result { () throws(JSONFastPathUnavailable) in try JSONTapeDecoding.decode(T.self, from: bytes) } }
        if case .success(let value) = fast {
            Issue.record("fast path answered \(value) for \(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
        }
        // The codec's answer is JSONDecoder's.
        let reference = Result { try JSONDecoder().decode(T.self, from: Data(bytes)) }
        let codec = Result { try TableCodec.json(T.self).decode(bytes) }
        switch (reference, codec) {
        case (.success(let expected), .success(let value)):
            #expect(same(value, expected), sourceLocation: sourceLocation)
        case (.failure, .failure(let error)):
            #expect(error is TableCodecError, sourceLocation: sourceLocation)
        default:
            Issue.record("JSONDecoder \(reference), codec \(codec)", sourceLocation: sourceLocation)
        }
    }

    /// Equal, and encoded identically by a key-sorting `JSONEncoder` (so `-0.0` differs from
    /// `0.0` and every floating-point bit counts); a type that cannot encode must print the same.
    private func same<T: Equatable>(_ lhs: T, _ rhs: T) -> Bool {
        guard lhs == rhs else { return false }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        if let lhs = lhs as? any Encodable, let rhs = rhs as? any Encodable {
            return (try? encoder.encode(lhs)) == (try? encoder.encode(rhs))
        }
        return String(reflecting: lhs) == String(reflecting: rhs)
    }

    private func bytesOf(_ text: String) -> [UInt8] { Array(text.utf8) }

    // MARK: Schemas of the random documents

    private var scalarFields: [(String, RandomJSON.Schema)] {
        [
            ("flag", .bool), ("text", .string), ("double", .double), ("float", .double), ("int", .integer),
            ("int8", .integer), ("uint8", .integer), ("int16", .integer), ("uint32", .integer), ("int64", .integer),
            ("uint64", .integer), ("optional", .optional(.integer)),
        ]
    }

    private var nestedFields: [(String, RandomJSON.Schema)] {
        let inner = RandomJSON.Schema.object([("name", .string), ("weight", .optional(.double))])
        return [
            ("id", .integer), ("tags", .array(.string)), ("inner", .optional(inner)), ("grid", .array(.array(.double))),
            ("meta", .dictionary(.integer)), ("when", .double), ("items", .array(inner)),
        ]
    }

    private func shapeSchema(_ generator: inout RandomJSON) -> RandomJSON.Schema {
        switch generator.below(3) {
        case 0: .object([("circle", .object([("radius", .double)]))])
        case 1: .object([("square", .object([("side", .integer), ("label", .optional(.string))]))])
        default: .object([("empty", .object([]))])
        }
    }
}

/// Random JSON text for a schema, mostly but not always matching it.
struct RandomJSON {
    indirect enum Schema {
        case bool, string, double, integer
        case optional(Schema)
        case array(Schema)
        case dictionary(Schema)
        case object([(String, Schema)])
    }

    var random: SplitMix64

    mutating func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func document(for schema: Schema) -> String {
        space() + value(schema, depth: 0) + space()
    }

    mutating func space() -> String {
        chance(80) ? "" : String((0..<below(3)).map { _ in [" ", "\n", "\t", "\r"][below(4)] })
    }

    mutating func value(_ schema: Schema, depth: Int) -> String {
        // Now and then, a value of the wrong kind.
        if chance(3) { return [#""x""#, "1", "true", "null", "[]", "{}"][below(6)] }
        switch schema {
        case .bool: return chance(50) ? "true" : "false"
        case .string: return string()
        case .double: return number(integral: false)
        case .integer: return number(integral: true)
        case .optional(let wrapped): return chance(30) ? "null" : value(wrapped, depth: depth)
        case .array(let element):
            let items = (0..<below(depth > 2 ? 2 : 5)).map { _ in space() + value(element, depth: depth + 1) + space() }
            return "[" + items.joined(separator: ",") + "]"
        case .dictionary(let element):
            let members = (0..<below(depth > 2 ? 2 : 6)).map { _ in space() + key(["a", "b", "é", "k"][below(4)] + String(below(3))) + space() + ":" + space() + value(element, depth: depth + 1) }
            return "{" + members.joined(separator: ",") + "}"
        case .object(let fields):
            var members: [String] = []
            for (name, field) in fields.shuffled(using: &random) where !chance(3) {
                members.append(key(name) + ":" + space() + value(field, depth: depth + 1))
                if chance(3) { members.append(key(name) + ":" + value(field, depth: depth + 1)) }  // duplicate
            }
            if chance(10) { members.append(key("extra") + ":" + value(.array(.double), depth: depth + 1)) }
            return "{" + space() + members.joined(separator: "," + space()) + space() + "}"
        }
    }

    mutating func key(_ name: String) -> String {
        guard chance(10), let first = name.unicodeScalars.first else { return "\"" + name + "\"" }
        // The first letter as a \u escape.
        let hex = String(first.value, radix: 16)
        return "\"\\u" + String(repeating: "0", count: 4 - hex.count) + hex + String(name.unicodeScalars.dropFirst()) + "\""
    }

    mutating func string() -> String {
        let pieces = [
            "a", "Z", " ", "é", "e\u{301}", "😀", "\\n", "\\\"", "\\\\", "\\/", "\\t", "\\u00e9", "\\ud83d\\ude00", "\\u0000", "\\b", "中",
        ]
        return "\"" + (0..<below(8)).map { _ in pieces[below(pieces.count)] }.joined() + "\""
    }

    mutating func number(integral: Bool) -> String {
        let special = [
            "0", "-0", "1", "-1", "127", "128", "-128", "-129", "255", "256", "65535", "4294967295", "4294967296",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "18446744073709551615", "18446744073709551616", "9007199254740993", "1.0", "1e2", "1E+2", "2.5", "-0.0",
            "0.1", "1e-400", "1e400", "4.9406564584124654e-324", "2.2250738585072014e-308", "1.7976931348623157e308",
            "123456789012345678901234567890", "0.30000000000000004", "3.4028235e38", "3.4028236e38", "1e-46",
        ]
        if chance(40) { return special[below(special.count)] }
        let sign = chance(30) ? "-" : ""
        let digits = String(random.next() >> UInt64(below(64)))
        if integral || chance(40) { return sign + digits }
        let fraction = String(below(1_000_000))
        let exponent = chance(50) ? "e" + (chance(50) ? "-" : "") + String(below(40)) : ""
        return sign + digits + "." + fraction + exponent
    }

    /// One to three random byte edits.
    mutating func edit(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        let alphabet = Array(#"{}[]":,0123456789-+.eE \aZnul"#.utf8) + [0xC3, 0xA9, 0xFF, 0x00]
        for _ in 0...below(3) {
            guard !bytes.isEmpty else { break }
            let at = below(bytes.count)
            switch below(3) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(alphabet[below(alphabet.count)], at: at)
            default: bytes[at] = alphabet[below(alphabet.count)]
            }
        }
        return bytes
    }
}
