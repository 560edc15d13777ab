@testable import Gregor
import Testing

/// SASL PLAIN (RFC 4616). Not testable end to end here: no available broker offers SASL
/// (/work/shared/brokers.md).
@Suite struct SecurityPLAINTests {
    @Test func plainMessageIsEmptyAuthzidNulUserNulPassword() throws {
        var authenticator = try SASLAuthenticator(configuration: KafkaSASLConfiguration(mechanism: .plain, username: "alice", password: "s3cr=t,"))
        let expected: [UInt8] = [0x00, 0x61, 0x6C, 0x69, 0x63, 0x65, 0x00, 0x73, 0x33, 0x63, 0x72, 0x3D, 0x74, 0x2C]
        #expect(authenticator.start() == expected)
    }

    @Test func plainUsesUTF8Bytes() throws {
        var authenticator = try SASLAuthenticator(configuration: KafkaSASLConfiguration(mechanism: .plain, username: "é", password: "✓"))
        #expect(authenticator.start() == [0x00, 0xC3, 0xA9, 0x00, 0xE2, 0x9C, 0x93])
    }

    @Test func plainIsDoneAfterAnEmptyServerAnswer() throws {
        var authenticator = try SASLAuthenticator(configuration: KafkaSASLConfiguration(mechanism: .plain, username: "alice", password: "pw"))
        _ = authenticator.start()
        #expect(try authenticator.receive([]) == .done)
        #expect(authenticator.isDone)
    }

    @Test func plainRejectsServerData() throws {
        var authenticator = try SASLAuthenticator(configuration: KafkaSASLConfiguration(mechanism: .plain, username: "alice", password: "pw"))
        _ = authenticator.start()
        #expect(throws: KafkaError.self) { try authenticator.receive([0x41]) }
        #expect(!authenticator.isDone)
    }

    @Test func nulInUserOrPasswordAndEmptyValuesAreConfigurationErrors() {
        let cases = [
            KafkaSASLConfiguration(mechanism: .plain, username: "al\u{0}ice", password: "pw"),
            KafkaSASLConfiguration(mechanism: .plain, username: "alice", password: "p\u{0}w"),
            KafkaSASLConfiguration(mechanism: .scramSHA256, username: "", password: "pw"),
            KafkaSASLConfiguration(mechanism: .scramSHA512, username: "alice", password: ""),
        ]
        for configuration in cases {
            do {
                _ = try SASLAuthenticator(configuration: configuration)
                Issue.record("accepted \(configuration)")
            } catch {
                #expect(error.kind == .invalidConfiguration)
            }
        }
    }
}
