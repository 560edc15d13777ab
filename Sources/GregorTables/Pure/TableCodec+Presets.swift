#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension TableCodec where Value == [UInt8] {
    /// Raw bytes, unchanged in both directions (empty bytes stay empty bytes).
    public static var bytes: TableCodec<[UInt8]> {
        TableCodec(encode: { $0 }, decode: { Array($0) }, byteForm: .raw)
    }
}

extension TableCodec where Value == String {
    /// Strict UTF-8 text: invalid bytes throw `TableCodecError.invalidUTF8`, never replaced.
    public static var string: TableCodec<String> {
        TableCodec(encode: { Array($0.utf8) }, decode: { try decodeStrictUTF8($0) }, byteForm: .utf8)
    }
}

extension TableCodec {
    /// JSON through `Codable`: compact output with sorted object keys (stable bytes for equal
    /// values) and unescaped slashes. Decoding errors throw `TableCodecError.jsonDecodingFailed`.
    ///
    /// Decoding takes a fast path that gives exactly what `JSONDecoder()` gives (checked by
    /// differential tests); any input or type it is not certain of (invalid JSON, `Data`, `URL`,
    /// `Decimal`, numbers like `1.0` read as integers, every error) goes to `JSONDecoder`.
    ///
    /// Dates, data and non-finite numbers use `JSONEncoder`'s default strategies, which differ
    /// from pydantic's (ISO 8601 dates, for one); use `json(_:encoder:decoder:)` to change them.
    public static func json(_ type: Value.Type) -> TableCodec<Value> where Value: Codable {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return json(type, encoder: encoder, decoder: JSONDecoder(), fastPath: true)
    }

    /// JSON through `Codable` with your own configured encoder and decoder (date strategies,
    /// key strategies, formatting). Errors are wrapped as in `json(_:)`. The codec keeps both
    /// objects; do not change them afterwards. Every decode goes through `decoder`.
    public static func json(_ type: Value.Type, encoder: JSONEncoder, decoder: JSONDecoder) -> TableCodec<Value>
    where Value: Codable {
        json(type, encoder: encoder, decoder: decoder, fastPath: false)
    }

    /// `fastPath`: try `JSONTapeDecoding` first (only valid for a default `JSONDecoder()`).
    private static func json(_ type: Value.Type, encoder: JSONEncoder, decoder: JSONDecoder, fastPath: Bool) -> TableCodec<Value>
    where Value: Codable {
        let typeName = String(describing: type)
        return TableCodec(
            encode: { value in
                do {
                    return Array(try encoder.encode(value))
                } catch {
                    throw TableCodecError.jsonEncodingFailed(type: typeName, reason: String(describing: error))
                }
            },
            decode: { bytes in
                if fastPath {
                    // do/catch, not `try?`: that would flatten an optional `Value`'s own `nil`.
                    do { return try JSONTapeDecoding.decode(Value.self, from: bytes) } catch {}
                }
                do {
                    return try decoder.decode(Value.self, from: Data(bytes))
                } catch {
                    throw TableCodecError.jsonDecodingFailed(type: typeName, reason: String(describing: error))
                }
            }
        )
    }
}

/// Decodes UTF-8 without repairing it: any invalid sequence (overlong forms, surrogates, cut-off
/// sequences, bytes above U+10FFFF) is an error.
@usableFromInline
func decodeStrictUTF8(_ bytes: UnsafeRawBufferPointer) throws(TableCodecError) -> String {
    guard let string = String(validating: bytes, as: UTF8.self) else {
        throw .invalidUTF8(byteCount: bytes.count)
    }
    return string
}
