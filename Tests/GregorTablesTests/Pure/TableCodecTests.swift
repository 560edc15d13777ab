#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GregorTables
import Testing

@Suite struct TableCodecTests {
    struct Service: Codable, Equatable, Sendable {
        var name: String
        var port: Int
        var path: String
    }

    @Test func bytesCodecPassesBytesThroughUnchanged() throws {
        let codec = TableCodec<[UInt8]>.bytes
        #expect(try codec.encode([0, 255, 10]) == [0, 255, 10])
        #expect(try codec.decode([0, 255, 10]) == [0, 255, 10])
    }

    @Test func bytesCodecKeepsEmptyBytesEmpty() throws {
        #expect(try TableCodec<[UInt8]>.bytes.decode([]) == [])
        #expect(try TableCodec<[UInt8]>.bytes.encode([]) == [])
    }

    @Test func stringCodecEncodesUTF8() throws {
        #expect(try TableCodec<String>.string.encode("aé😀") == [0x61, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80])
    }

    @Test func stringCodecDecodesValidUTF8() throws {
        let decoded = try TableCodec<String>.string.decode([0x61, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80])
        #expect(scalars(decoded) == [0x61, 0xE9, 0x1F600])
    }

    @Test func stringCodecKeepsNulByteOrderMarkAndEmptyString() throws {
        #expect(scalars(try TableCodec<String>.string.decode([0x00])) == [0])
        #expect(scalars(try TableCodec<String>.string.decode([0xEF, 0xBB, 0xBF, 0x41])) == [0xFEFF, 0x41])
        #expect(try TableCodec<String>.string.decode([]) == "")
    }

    @Test(arguments: [
        [0x80],  // lone continuation byte
        [0xC0, 0x80],  // overlong NUL
        [0xE0, 0x80, 0x80],  // overlong
        [0xED, 0xA0, 0x80],  // UTF-16 surrogate U+D800
        [0xE2, 0x82],  // cut-off sequence
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0xF5, 0x80, 0x80, 0x80],  // invalid lead byte
        [0xFF],
        [0x61, 0x62, 0xFE],  // valid start, bad end
    ] as [[UInt8]])
    func stringCodecRejectsInvalidUTF8(bytes: [UInt8]) {
        #expect(throws: TableCodecError.invalidUTF8(byteCount: bytes.count)) {
            try TableCodec<String>.string.decode(bytes)
        }
    }

    @Test func invalidUTF8ErrorSaysWhatIsWrong() {
        #expect(TableCodecError.invalidUTF8(byteCount: 3).description == "bytes are not valid UTF-8 (3 bytes)")
    }

    @Test func jsonCodecEncodesCompactWithSortedKeysAndPlainSlashes() throws {
        let bytes = try TableCodec.json(Service.self).encode(Service(name: "api", port: 8080, path: "/v1/x"))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"name":"api","path":"/v1/x","port":8080}"#)
    }

    @Test func jsonCodecWritesNonASCIIAsUTF8() throws {
        let bytes = try TableCodec.json(String.self).encode("é")
        #expect(bytes == [0x22, 0xC3, 0xA9, 0x22])
    }

    @Test func jsonCodecDecodesPydanticStyleOutput() throws {
        // pydantic's model_dump_json: compact, declaration order, raw UTF-8.
        let decoded = try TableCodec.json(Service.self).decode(utf8(#"{"name":"é","port":80,"path":"/"}"#))
        #expect(decoded == Service(name: "é", port: 80, path: "/"))
    }

    @Test func jsonCodecDecodesSpacedJSON() throws {
        let decoded = try TableCodec.json(Service.self).decode(utf8(#"{ "port": 1, "path": "", "name": "n" }"#))
        #expect(decoded == Service(name: "n", port: 1, path: ""))
    }

    @Test(arguments: ["", "not json", #"{"name":"a"}"#, #"{"name":"a","port":"80","path":"/"}"#, "[1]"])
    func jsonCodecThrowsATypedErrorOnBadInput(text: String) {
        #expect {
            try TableCodec.json(Service.self).decode(utf8(text))
        } throws: { error in
            guard case .jsonDecodingFailed(let type, _) = error as? TableCodecError else { return false }
            return type == "Service"
        }
    }

    @Test func jsonCodecWithOwnEncoderAndDecoder() throws {
        struct Stamp: Codable, Equatable, Sendable { var at: Date }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        let codec = TableCodec.json(Stamp.self, encoder: encoder, decoder: decoder)
        #expect(String(decoding: try codec.encode(Stamp(at: Date(timeIntervalSince1970: 12))), as: UTF8.self) == #"{"at":12}"#)
        #expect(try codec.decode(utf8(#"{"at":7}"#)) == Stamp(at: Date(timeIntervalSince1970: 7)))
        #expect(throws: TableCodecError.self) { try codec.decode(utf8(#"{"at":"soon"}"#)) }
    }

    @Test func customCodecUsesItsClosures() throws {
        let codec = TableCodec<Int>(
            encode: { [UInt8](repeating: 7, count: $0) },
            decode: { $0.count }
        )
        #expect(try codec.encode(3) == [7, 7, 7])
        #expect(try codec.decode([1, 2]) == 2)
    }
}
