/// Reading scalar values off the tape. Each returns `nil` where `JSONDecoder` would fail or where
/// the fast path is not certain to give its exact result; the decoder then falls back.
extension JSONTape {
    /// The text of the string token at `index`, escapes decoded.
    func string(at index: Int) -> String? {
        let token = token(index)
        guard token.kind == .string else { return nil }
        return withBytes { buffer in
            let raw = UnsafeBufferPointer(rebasing: buffer[Int(token.start)..<Int(token.end)])
            // The whole document is valid UTF-8 and a plain string ends at a quote, so its bytes
            // are valid UTF-8 on their own.
            if token.isPlain { return String(decoding: raw, as: UTF8.self) }
            return Self.unescaped(raw)
        }
    }

    /// Whether the string token at `index` has exactly the text whose UTF-8 is `name` (`String`
    /// equality, so canonically equivalent texts match, as they do in `JSONDecoder`'s key lookup).
    /// `nameIsASCII` is `name`'s own flag, worked out once per lookup by the caller.
    func stringEquals(at index: Int, _ name: UnsafeBufferPointer<UInt8>, nameIsASCII: Bool) -> Bool {
        let token = token(index)
        guard token.kind == .string else { return false }
        if token.isPlain {
            let sameBytes = withBytes { document in
                bytesEqual(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: document[Int(token.start)..<Int(token.end)])), UnsafeRawBufferPointer(name))
            }
            // Equal bytes are equal texts; plain ASCII on both sides is equal only then.
            if sameBytes { return true }
            if token.isASCII, nameIsASCII { return false }
        }
        return string(at: index) == String(decoding: name, as: UTF8.self)
    }

    /// Whether the token at `index` is `null`.
    func isNull(at index: Int) -> Bool {
        token(index).kind == .null
    }

    /// The boolean at `index`.
    func bool(at index: Int) -> Bool? {
        switch token(index).kind {
        case .true: true
        case .false: false
        default: nil
        }
    }

    /// The integer at `index` when written in integer syntax and in `T`'s range. Other forms
    /// (`1.0`, `1e2`) are left to `JSONDecoder`, which converts some of them.
    func integer<T: FixedWidthInteger>(at index: Int, as type: T.Type) -> T? {
        let token = token(index)
        guard token.kind == .number, token.isPlain else { return nil }
        return withBytes { buffer -> T? in
            var position = Int(token.start)
            let end = Int(token.end)
            let negative = buffer[position] == UInt8(ascii: "-")
            if negative {
                guard T.isSigned else { return nil }
                position += 1
            }
            var magnitude: UInt64 = 0
            while position < end {
                let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(UInt64(buffer[position] &- UInt8(ascii: "0")))
                guard !overflow1, !overflow2 else { return nil }
                magnitude = sum
                position += 1
            }
            if negative {
                guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
                let value = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
                return T(exactly: value)
            }
            return T(exactly: magnitude)
        }
    }

    /// The floating-point number at `index`, correctly rounded. Like `JSONDecoder`, a number
    /// that overflows to infinity or underflows to zero from non-zero digits is rejected.
    func floatingPoint<T: BinaryFloatingPoint & LosslessStringConvertible>(at index: Int, as type: T.Type) -> T? {
        let token = token(index)
        guard token.kind == .number else { return nil }
        // Small integers convert exactly, without parsing text.
        if token.isPlain, let integer = integer(at: index, as: Int64.self), integer.magnitude < 1 << T.significandBitCount {
            // "-0" is negative zero, as the C parser reads it.
            if integer == 0, byte(at: Int(token.start)) == UInt8(ascii: "-") { return -T.zero }
            return T(integer)
        }
        let text = withBytes { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[Int(token.start)..<Int(token.end)]), as: UTF8.self)
        }
        guard let value = T(text), value.isFinite else { return nil }
        if value == 0, !isTrueZero(token) { return nil }
        return value
    }

    /// Whether the mantissa digits of the number token are all zero.
    private func isTrueZero(_ token: JSONToken) -> Bool {
        for position in Int(token.start)..<Int(token.end) {
            switch byte(at: position) {
            case UInt8(ascii: "1")...UInt8(ascii: "9"): return false
            case UInt8(ascii: "e"), UInt8(ascii: "E"): return true
            default: continue
            }
        }
        return true
    }

    /// Decodes a string's escapes (already checked by the parser, surrogates paired).
    private static func unescaped(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(raw.count)
        var position = 0
        while position < raw.count {
            let byte = raw[position]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                position += 1
                continue
            }
            guard position + 1 < raw.count else { return nil }
            switch raw[position + 1] {
            case UInt8(ascii: "\""): output.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): output.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): output.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = JSONEscapes.hexUnit(raw, at: position + 2) else { return nil }
                var scalarValue = UInt32(unit)
                if UTF16.isLeadSurrogate(unit) {
                    guard let low = JSONEscapes.hexUnit(raw, at: position + 8), UTF16.isTrailSurrogate(low) else { return nil }
                    scalarValue = 0x10000 + (UInt32(unit) - 0xD800) << 10 + (UInt32(low) - 0xDC00)
                    position += 6
                }
                guard let scalar = Unicode.Scalar(scalarValue) else { return nil }
                UTF8.encode(scalar) { output.append($0) }
                position += 6
                continue
            default:
                return nil
            }
            position += 2
        }
        return String(validating: output, as: UTF8.self)
    }
}
