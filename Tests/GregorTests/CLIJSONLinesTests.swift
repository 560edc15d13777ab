import Foundation
import GregorCLISupport
import GregorProtocol
import Testing

/// `gregor consume --format jsonl`: field layout, UTF-8 / null / base64 rules and JSON escaping.
@Suite("CLI JSON lines")
struct CLIJSONLinesTests {
    private func line(key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader] = [], topic: String = "t") -> String {
        var output: [UInt8] = []
        func withOptional(_ bytes: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> Void) {
            if let bytes { bytes.withUnsafeBytes { body($0) } } else { body(nil) }
        }
        withOptional(key) { keyBytes in
            withOptional(value) { valueBytes in
                ConsumedRecordJSON.appendLine(
                    topic: topic, partition: 3, offset: 42, timestamp: 1_700_000_000_123,
                    key: keyBytes, value: valueBytes, headers: headers, to: &output)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private func parse(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func writesTheDocumentedFieldsInOrder() {
        let text = line(key: Array("k1".utf8), value: Array("hello".utf8), headers: [RecordHeader(key: "h", value: Array("v".utf8))])
        #expect(text == #"{"topic":"t","partition":3,"offset":42,"timestamp":1700000000123,"key":"k1","value":"hello","headers":{"h":"v"}}"# + "\n")
    }

    @Test func writesNullKeyAndValueAsNull() throws {
        let text = line(key: nil, value: nil)
        #expect(text.contains(#""key":null,"value":null"#))
        let object = try parse(text)
        #expect(object["key"] is NSNull)
        #expect(object["value"] is NSNull)
        #expect(object["key_base64"] == nil)
    }

    @Test func writesEmptyBytesAsEmptyText() throws {
        let object = try parse(line(key: [], value: []))
        #expect(object["key"] as? String == "")
        #expect(object["value"] as? String == "")
    }

    @Test func replacesInvalidUTF8WithBase64Fields() throws {
        let binary: [UInt8] = [0xFF, 0x00, 0xC3, 0x28, 0x80]
        let object = try parse(line(key: [0xC0, 0xAF], value: binary))
        #expect(object["key"] == nil)
        #expect(object["value"] == nil)
        #expect(object["key_base64"] as? String == Data([0xC0, 0xAF]).base64EncodedString())
        #expect(object["value_base64"] as? String == Data(binary).base64EncodedString())
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() throws {
        let value = "a\"b\\c\nd\te\u{01}f\u{7F}g/é😀\r\u{08}\u{0C}"
        let text = line(key: Array("k".utf8), value: Array(value.utf8))
        #expect(text.contains(#""value":"a\"b\\c\nd\te\u0001f"# + "\u{7F}g/é😀" + #"\r\b\f""#))
        #expect(text.filter { $0 == "\n" }.count == 1)
        let object = try parse(text)
        #expect(object["value"] as? String == value)
    }

    @Test func writesHeadersAsTextWithNullsAndEscapes() throws {
        let headers = [
            RecordHeader(key: "trace\"id", value: Array("x\ny".utf8)),
            RecordHeader(key: "empty", value: []),
            RecordHeader(key: "none", value: nil),
            RecordHeader(key: "bad", value: [0xFF]),
        ]
        let object = try parse(line(key: nil, value: Array("v".utf8), headers: headers))
        let parsedHeaders = try #require(object["headers"] as? [String: Any])
        #expect(parsedHeaders["trace\"id"] as? String == "x\ny")
        #expect(parsedHeaders["empty"] as? String == "")
        #expect(parsedHeaders["none"] is NSNull)
        #expect(parsedHeaders["bad"] as? String == "\u{FFFD}")
    }

    @Test func escapesTopicNames() throws {
        let object = try parse(line(key: nil, value: nil, topic: "we\"ird"))
        #expect(object["topic"] as? String == "we\"ird")
        #expect(object["partition"] as? Int == 3)
        #expect(object["offset"] as? Int == 42)
        #expect(object["timestamp"] as? Int == 1_700_000_000_123)
    }

    @Test func escapesEveryControlCharacterValidly() throws {
        let all = (0..<0x20).map { UInt8($0) } + Array("x".utf8)
        let object = try parse(line(key: nil, value: all))
        #expect((object["value"] as? String).map { Array($0.utf8) } == all)
    }

    @Test(arguments: [
        ([UInt8](), true), (Array("plain ascii".utf8), true), (Array("é€😀".utf8), true),
        ([0xC3, 0x28], false), ([0xC0, 0x80], false), ([0xE0, 0x80, 0x80], false), ([0xED, 0xA0, 0x80], false),
        ([0xF4, 0x90, 0x80, 0x80], false), ([0xF5, 0x80, 0x80, 0x80], false), ([0xE2, 0x82], false), ([0x80], false),
        ([0xEF, 0xBF, 0xBF], true), ([0xF4, 0x8F, 0xBF, 0xBF], true), ([0xF0, 0x90, 0x80, 0x80], true),
    ])
    func validatesUTF8(bytes: [UInt8], valid: Bool) {
        #expect(isValidUTF8(bytes) == valid)
    }

    @Test func utf8ValidationAgreesWithTheStandardLibraryOnRandomBytes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let length = Int.random(in: 0...8, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(isValidUTF8(bytes) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }

    @Test func base64AgreesWithFoundation() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<40 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Base64.encode(bytes) == Data(bytes).base64EncodedString())
        }
    }
}
