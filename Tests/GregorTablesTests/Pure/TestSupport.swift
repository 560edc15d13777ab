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
    mutating func apply(_ key: [UInt8]?, _ value: [UInt8]?) -> TableChange<Key, Value>? {
        withOptionalBytes(key) { key in
            withOptionalBytes(value) { value in
                apply(key: key, value: value)
            }
        }
    }
}

/// The two ways a `TableState` stores its entries; the rules must not depend on which.
enum TableStorage: CaseIterable, CustomStringConvertible, Sendable {
    /// Keys and values kept as record bytes (the byte presets `.string` and `.bytes`).
    case compact
    /// Keys kept as record bytes, values decoded and boxed (a byte-preset key codec, any other
    /// value codec).
    case boxedValues
    /// Decoded keys and values in a hash tree (any other key codec).
    case decoded

    /// `codec` as this storage sees it: unchanged where the storage keeps bytes, an equivalent
    /// custom codec where it decodes (a custom pair is never a byte preset).
    func codec<Value>(_ codec: TableCodec<Value>, isKey: Bool) -> TableCodec<Value> {
        switch self {
        case .compact: codec
        case .boxedValues: isKey ? codec : TableCodec(encode: codec.encode, decode: codec.decode)
        case .decoded: TableCodec(encode: codec.encode, decode: codec.decode)
        }
    }

    /// An empty state with the two codecs as this storage sees them.
    func state<Key, Value>(_ keys: TableCodec<Key>, _ values: TableCodec<Value>) -> TableState<Key, Value> {
        TableState(keyCodec: codec(keys, isKey: true), valueCodec: codec(values, isKey: false))
    }

    var description: String {
        switch self {
        case .compact: "compact"
        case .boxedValues: "boxed values"
        case .decoded: "decoded"
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

/// Collects the failed checks of work run off the test's task (through `runBlocking`), to be
/// asserted once back in it (`#expect` belongs to the test's task).
struct CheckLog: Sendable {
    /// The failed checks, with their lines.
    private(set) var failures: [String] = []

    /// Notes a failure when `condition` is false.
    mutating func check(_ condition: Bool, _ message: @autoclosure () -> String = "", line: Int = #line) {
        if !condition { failures.append("line \(line): \(message())") }
    }
}
