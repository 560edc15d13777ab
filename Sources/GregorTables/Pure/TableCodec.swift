import GregorProtocol

/// Turns a table's keys or values into record bytes and back.
///
/// A codec is a pair of closures, so any encoding fits: the presets `.bytes`, `.string` and
/// `.json(_:)` cover the common cases, and `init(encode:decode:)` takes any other pair. A decode
/// error never stops a table: the record is skipped and counted (see `TableStats`).
public struct TableCodec<Value: Sendable>: Sendable {
    /// Encodes a value into the bytes a writer sends.
    public let encode: @Sendable (Value) throws -> [UInt8]
    /// Decodes the bytes of a record (borrowed for the call only) into a value.
    public let decode: @Sendable (UnsafeRawBufferPointer) throws -> Value
    /// Set by the presets whose values are their bytes (`.bytes`, `.string`): a table whose key
    /// codec has one keeps entries by key bytes, and one whose value codec has one too keeps the
    /// values as bytes and decodes them on read (see `TableState`).
    let byteForm: TableCodecByteForm?

    /// A codec from any encode/decode pair. `decode` must not keep the buffer it is given.
    public init(
        encode: @escaping @Sendable (Value) throws -> [UInt8],
        decode: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Value
    ) {
        self.init(encode: encode, decode: decode, byteForm: nil)
    }

    init(
        encode: @escaping @Sendable (Value) throws -> [UInt8],
        decode: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Value,
        byteForm: TableCodecByteForm?
    ) {
        self.encode = encode
        self.decode = decode
        self.byteForm = byteForm
    }
}

/// What a byte-form codec accepts: its decode succeeds exactly for these bytes.
enum TableCodecByteForm: Sendable {
    /// Any bytes.
    case raw
    /// Valid UTF-8 only.
    case utf8

    /// Whether the codec's decode would accept `bytes` (checked without building the value).
    func accepts(_ bytes: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .raw: true
        case .utf8: isValidUTF8(bytes)
        }
    }
}

