@testable import Gregor
import Testing

/// The strict base64 used for SCRAM attributes, against RFC 4648 section 10's test vectors.
@Suite struct SecurityBase64Tests {
    static let vectors: [(plain: String, encoded: String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test func encodesRFC4648Vectors() {
        for (plain, encoded) in Self.vectors {
            #expect(SASLBase64.encode(Array(plain.utf8)) == encoded)
        }
    }

    @Test func decodesRFC4648Vectors() {
        for (plain, encoded) in Self.vectors {
            #expect(SASLBase64.decode(encoded[...]) == Array(plain.utf8))
        }
    }

    @Test func decodesPlusSlashAndHighBytes() {
        // Expected bytes from Python's base64.b64decode.
        #expect(SASLBase64.decode("+/+/"[...]) == [0xFB, 0xFF, 0xBF])
        #expect(SASLBase64.decode("AP8="[...]) == [0x00, 0xFF])
    }

    @Test func rejectsNonCanonicalOrForeignText() {
        for text in ["Zg", "Zg=", "Z===", "Zh==", "Zm9=", "Zg==Zg==", "Zm9v\n", "Zm-v", "Zm_v", "=Zm9", "Zm=v", "Zm9vYmFy=", "ÿÿÿÿ"] {
            #expect(SASLBase64.decode(text[...]) == nil, "accepted \(text)")
        }
    }
}
