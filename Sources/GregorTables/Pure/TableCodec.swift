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

    /// A codec from any encode/decode pair. `decode` must not keep the buffer it is given.
    public init(
        encode: @escaping @Sendable (Value) throws -> [UInt8],
        decode: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Value
    ) {
        self.encode = encode
        self.decode = decode
    }
}
