import GregorTables

/// Calls `body` with a borrowed view of `bytes`, or with `nil` for a missing key or value.
func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
    guard let bytes else { return try body(nil) }
    return try bytes.withUnsafeBytes { try body($0) }
}

/// The Unicode scalar values of a string: compares exactly, unlike `String.==`, which treats
/// canonically equivalent strings (`"é"` and `"e\u{301}"`) as equal.
func scalars(_ string: String) -> [UInt32] {
    string.unicodeScalars.map(\.value)
}

/// The UTF-8 bytes of a string.
func utf8(_ string: String) -> [UInt8] {
    Array(string.utf8)
}

extension TableState {
    /// Applies a record given as arrays (`nil` = missing key / null value).
    mutating func apply(
        _ key: [UInt8]?, _ value: [UInt8]?, keyCodec: TableCodec<Key>, valueCodec: TableCodec<Value>
    ) -> TableChange<Key, Value>? {
        withOptionalBytes(key) { key in
            withOptionalBytes(value) { value in
                apply(key: key, value: value, keyCodec: keyCodec, valueCodec: valueCodec)
            }
        }
    }
}

extension GroupedTableState {
    /// Applies a record given as arrays (`nil` = missing key / null value).
    mutating func apply(_ key: [UInt8]?, _ value: [UInt8]?, valueCodec: TableCodec<Value>) -> GroupedTableChange<Value>? {
        withOptionalBytes(key) { key in
            withOptionalBytes(value) { value in
                apply(key: key, value: value, valueCodec: valueCodec)
            }
        }
    }
}

extension TableCodec {
    /// Decodes an array through the codec.
    func decode(_ bytes: [UInt8]) throws -> Value {
        try bytes.withUnsafeBytes { try decode($0) }
    }
}
