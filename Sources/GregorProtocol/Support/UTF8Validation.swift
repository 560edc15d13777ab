/// Whether `bytes` is well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing
/// above U+10FFFF, no truncated sequences. The same rule as `String(validating:as: UTF8.self)`,
/// without allocating. Shared by the CLI's output and the tables' string codecs.
package func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
    let count = bytes.count
    var index = 0
    // ASCII fast path, eight bytes at a time.
    while index &+ 8 <= count {
        if bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
        index &+= 8
    }
    while index < count {
        let lead = bytes[index]
        if lead < 0x80 {
            index &+= 1
            continue
        }
        // The allowed range of the first continuation byte depends on the lead byte (Table 3-7 of
        // the Unicode standard); the others are always 0x80...0xBF.
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondHigh = 0x9F
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondHigh = 0x8F
        default: return false
        }
        guard count &- index >= length else { return false }
        let second = bytes[index &+ 1]
        guard second >= secondLow, second <= secondHigh else { return false }
        var next = index &+ 2
        while next < index &+ length {
            guard bytes[next] & 0xC0 == 0x80 else { return false }
            next &+= 1
        }
        index &+= length
    }
    return true
}

/// Whether `bytes` is well-formed UTF-8.
package func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { isValidUTF8($0) }
}
