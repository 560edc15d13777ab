import GregorProtocol

/// One JSON value of a parsed document, in document order (a container's members follow it).
struct JSONToken {
    /// What kind of value this is.
    enum Kind: UInt8 {
        case object, array, string, number, `true`, `false`, null
    }

    /// The kind of value.
    var kind: Kind
    /// For a string: no escapes, so its bytes are its text. For a number: integer syntax (no
    /// fraction, no exponent).
    var isPlain: Bool
    /// For a string: every byte between the quotes is ASCII.
    var isASCII = true
    /// First byte of the value (for a string, the byte after the opening quote).
    var start: Int32
    /// For a string, the closing quote; for a number, the byte after it; for a container, the
    /// index of the token after its last member.
    var end: Int32
    /// For a container: its members (an object's key/value pairs count once).
    var count: Int32
}

/// The sizes a `JSONTape` keeps in its header.
struct JSONTapeCounts {
    /// Tokens stored first in the tape's byte storage.
    var tokens: Int
    /// Document bytes stored after the tokens.
    var bytes: Int
}

/// A JSON document parsed into a flat list of tokens, strictly by RFC 8259: a value of any kind
/// at top level, whitespace around it, nothing else. The bytes are owned, so a decoder built on
/// the tape may outlive the buffer it was parsed from.
///
/// One allocation holds the tokens and then the document's bytes (separate arrays took three:
/// the bytes, the tokens and the tape).
///
/// `parse` returns `nil` for anything it is not certain to read exactly as `JSONDecoder` does
/// (invalid JSON, invalid UTF-8, unpaired surrogate escapes, nesting deeper than
/// `maximumDepth`); the caller then uses `JSONDecoder`, which gives the authoritative answer.
final class JSONTape: ManagedBuffer<JSONTapeCounts, UInt8> {
    /// `JSONDecoder`'s own nesting limit.
    static let maximumDepth = 512

    /// Parses `source`, or returns `nil` (see the type's comment).
    static func parse(_ source: UnsafeRawBufferPointer) -> JSONTape? {
        guard source.count < Int(Int32.max) else { return nil }
        let bytes = source.assumingMemoryBound(to: UInt8.self)
        // Each token after the first needs a byte of its own and a separator or bracket before
        // it, so no document has more than this many.
        let most = (bytes.count + 1) / 2 + 1
        // Typical documents have about one token per 8 bytes (a 100-byte object of 3 members has
        // 7); the exact bound is tried when the estimate falls short.
        let estimate = bytes.count <= 4096 ? most : Swift.max(64, bytes.count / 8)
        switch parse(bytes, tokenCapacity: estimate) {
        case .parsed(let tape): return tape
        case .invalid: return nil
        case .needsRoom: break
        }
        if case .parsed(let tape) = parse(bytes, tokenCapacity: most) { return tape }
        return nil
    }

    private enum Attempt {
        case parsed(JSONTape)
        case invalid
        case needsRoom
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, tokenCapacity: Int) -> Attempt {
        withUnsafeTemporaryAllocation(of: JSONToken.self, capacity: tokenCapacity) { scratch in
            var parser = JSONTapeParser(bytes: bytes, tokens: scratch)
            guard parser.parseDocument() else { return parser.outOfRoom ? .needsRoom : .invalid }
            return .parsed(make(tokens: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(scratch)[0..<parser.tokenCount * tokenStride]), bytes: bytes))
        }
    }

    private static var tokenStride: Int { MemoryLayout<JSONToken>.stride }

    /// A tape holding copies of the tokens' bytes and then the document's.
    private static func make(tokens: UnsafeRawBufferPointer, bytes: UnsafeBufferPointer<UInt8>) -> JSONTape {
        let buffer = create(minimumCapacity: tokens.count + bytes.count) { _ in
            JSONTapeCounts(tokens: tokens.count / tokenStride, bytes: bytes.count)
        }
        let tape = unsafeDowncast(buffer, to: JSONTape.self)
        tape.withUnsafeMutablePointerToElements { elements in
            let storage = UnsafeMutableRawBufferPointer(start: elements, count: tokens.count + bytes.count)
            storage.copyMemory(from: tokens)
            UnsafeMutableRawBufferPointer(rebasing: storage[tokens.count...]).copyMemory(from: UnsafeRawBufferPointer(bytes))
        }
        return tape
    }

    /// The header, read through its pointer: `header` itself is a class's stored property, and
    /// each read of it would be checked for exclusive access at run time.
    @inline(__always)
    private var counts: JSONTapeCounts {
        withUnsafeMutablePointerToHeader { $0.pointee }
    }

    /// The number of tokens.
    var tokenCount: Int { counts.tokens }

    /// The token at `index` (an index the parser produced).
    @inline(__always)
    func token(_ index: Int) -> JSONToken {
        precondition(index >= 0 && index < counts.tokens, "JSON token index out of range")
        // The storage is bytes, so tokens are copied out of it, not accessed in place.
        return withUnsafeMutablePointerToElements { UnsafeRawPointer($0).loadUnaligned(fromByteOffset: index &* Self.tokenStride, as: JSONToken.self) }
    }

    /// Calls `body` with the document's bytes.
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let counts = self.counts
        return try withUnsafeMutablePointerToElements { elements in
            try body(UnsafeBufferPointer(start: elements + counts.tokens &* Self.tokenStride, count: counts.bytes))
        }
    }

    /// The document's byte at `position`.
    @inline(__always)
    func byte(at position: Int) -> UInt8 {
        withBytes { $0[position] }
    }

    /// The index of the token after the value at `index` (skipping a container's members).
    @inline(__always)
    func indexAfter(_ index: Int) -> Int {
        let token = token(index)
        switch token.kind {
        case .object, .array: return Int(token.end)
        default: return index + 1
        }
    }
}

/// The recursive-descent parser behind `JSONTape.parse`.
private struct JSONTapeParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var depth = 0
    /// Room for the tokens; `tokenCount` of them are written.
    let tokens: UnsafeMutableBufferPointer<JSONToken>
    private(set) var tokenCount = 0
    /// The parse stopped because `tokens` was full, not because the document is invalid.
    private(set) var outOfRoom = false

    init(bytes: UnsafeBufferPointer<UInt8>, tokens: UnsafeMutableBufferPointer<JSONToken>) {
        self.bytes = bytes
        self.tokens = tokens
    }

    /// Writes the next token; false when there is no room left.
    @inline(__always)
    private mutating func append(_ token: JSONToken) -> Bool {
        guard tokenCount < tokens.count else {
            outOfRoom = true
            return false
        }
        tokens.initializeElement(at: tokenCount, to: token)
        tokenCount += 1
        return true
    }

    mutating func parseDocument() -> Bool {
        skipWhitespace()
        guard parseValue() else { return false }
        skipWhitespace()
        return position == bytes.count
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue() -> Bool {
        guard position < bytes.count else { return false }
        switch bytes[position] {
        case UInt8(ascii: "{"): return parseContainer(kind: .object, close: UInt8(ascii: "}"))
        case UInt8(ascii: "["): return parseContainer(kind: .array, close: UInt8(ascii: "]"))
        case UInt8(ascii: "\""): return parseString()
        case UInt8(ascii: "t"): return parseLiteral("true", kind: .true)
        case UInt8(ascii: "f"): return parseLiteral("false", kind: .false)
        case UInt8(ascii: "n"): return parseLiteral("null", kind: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return parseNumber()
        default: return false
        }
    }

    private mutating func parseLiteral(_ text: StaticString, kind: JSONToken.Kind) -> Bool {
        let length = text.utf8CodeUnitCount
        guard position + length <= bytes.count else { return false }
        for offset in 0..<length where bytes[position + offset] != text.utf8Start[offset] {
            return false
        }
        guard append(JSONToken(kind: kind, isPlain: true, start: Int32(position), end: Int32(position + length), count: 0)) else { return false }
        position += length
        return true
    }

    /// An object (`{"key": value, …}`) or array (`[value, …]`); its token is patched with the
    /// index after its members once they are parsed.
    private mutating func parseContainer(kind: JSONToken.Kind, close: UInt8) -> Bool {
        guard depth < JSONTape.maximumDepth else { return false }
        depth += 1
        defer { depth -= 1 }
        let tokenIndex = tokenCount
        guard append(JSONToken(kind: kind, isPlain: true, start: Int32(position), end: 0, count: 0)) else { return false }
        position += 1
        skipWhitespace()
        var count: Int32 = 0
        if position < bytes.count, bytes[position] == close {
            position += 1
        } else {
            while true {
                if kind == .object {
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), parseString() else { return false }
                    skipWhitespace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return false }
                    position += 1
                    skipWhitespace()
                }
                guard parseValue() else { return false }
                count += 1
                skipWhitespace()
                guard position < bytes.count else { return false }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    skipWhitespace()
                } else if bytes[position] == close {
                    position += 1
                    break
                } else {
                    return false
                }
            }
        }
        tokens[tokenIndex].end = Int32(tokenCount)
        tokens[tokenIndex].count = count
        return true
    }

    /// A string; escapes are checked here (so a plain decode later cannot fail on them) and
    /// decoded when the string is read.
    private mutating func parseString() -> Bool {
        position += 1
        let start = position
        var isPlain = true
        var isASCII = true
        while position < bytes.count {
            // Eight bytes at a time past the common case (ASCII with no quote, backslash or control
            // character), then straight to the first byte that needs a look: the word trick marks
            // that byte exactly (only bytes after it can be marked falsely).
            if position + 8 <= bytes.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + position).loadUnaligned(as: UInt64.self))
                let marks = Self.specialBytes(word) & Self.highBits
                if marks == 0 {
                    position += 8
                    continue
                }
                position += marks.trailingZeroBitCount >> 3
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                // Bytes outside strings must be ASCII to parse, so checking the strings that are
                // not checks the whole document's UTF-8.
                if !isASCII, !isValidUTF8(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<position]))) { return false }
                guard append(JSONToken(kind: .string, isPlain: isPlain, isASCII: isASCII, start: Int32(start), end: Int32(position), count: 0)) else { return false }
                position += 1
                return true
            }
            if byte < 0x20 { return false }  // Control characters must be escaped.
            if byte >= 0x80 { isASCII = false }
            if byte == UInt8(ascii: "\\") {
                isPlain = false
                guard skipEscape() else { return false }
            } else {
                position += 1
            }
        }
        return false
    }

    /// The high bit of each byte of a word.
    private static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// A word whose byte has its high bit set where `word`'s byte is a quote, a backslash, a control
    /// character or not ASCII (exact where masked with `highBits`: each test is the classic "has a
    /// byte below n" word trick).
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let hasQuote = (quote &- ones) & ~quote
        let hasBackslash = (backslash &- ones) & ~backslash
        let hasControl = (word &- ones &* 0x20) & ~word
        return hasQuote | hasBackslash | hasControl | word
    }

    /// Skips one escape at `position` (the backslash). A `\u` surrogate must be a high one
    /// directly followed by an escaped low one.
    private mutating func skipEscape() -> Bool {
        guard position + 1 < bytes.count else { return false }
        switch bytes[position + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 2
            return true
        case UInt8(ascii: "u"):
            guard let unit = JSONEscapes.hexUnit(bytes, at: position + 2) else { return false }
            position += 6
            if UTF16.isTrailSurrogate(unit) { return false }
            guard UTF16.isLeadSurrogate(unit) else { return true }
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u"),
                let low = JSONEscapes.hexUnit(bytes, at: position + 2), UTF16.isTrailSurrogate(low)
            else { return false }
            position += 6
            return true
        default:
            return false
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func parseNumber() -> Bool {
        let start = position
        var isPlain = true
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count else { return false }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            guard skipDigits() else { return false }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isPlain = false
            position += 1
            guard skipDigits() else { return false }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isPlain = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() else { return false }
        }
        return append(JSONToken(kind: .number, isPlain: isPlain, start: Int32(start), end: Int32(position), count: 0))
    }

    /// Skips one or more digits; false when there is none.
    private mutating func skipDigits() -> Bool {
        let start = position
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            position += 1
        }
        return position > start
    }
}

/// Reading `\u` escapes.
enum JSONEscapes {
    /// The UTF-16 unit of the four hex digits at `index`, or `nil`.
    static func hexUnit(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt16? {
        guard index + 4 <= bytes.count else { return nil }
        var unit: UInt16 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }
}
