@testable import Gregor
import Testing

/// SCRAM client (RFC 5802 / RFC 7677). Expected messages come from the RFC or from Python's
/// hashlib/hmac (scripts/gen-scram-vectors.py), never from the code under test. SASL cannot be
/// tested end to end here: neither Tansu nor the librdkafka mock cluster offers SASL
/// (/work/shared/brokers.md), so the exchange is tested against these vectors and a scripted broker.
@Suite struct SecuritySCRAMTests {
    private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    private static func authenticator(_ mechanism: KafkaSASLConfiguration.Mechanism, _ user: String, _ password: String, nonce: String) throws -> SASLAuthenticator {
        try SASLAuthenticator(configuration: KafkaSASLConfiguration(mechanism: mechanism, username: user, password: password), clientNonce: nonce)
    }

    /// Runs a full exchange and checks every client message against the expected ones.
    private static func expectExchange(
        _ mechanism: KafkaSASLConfiguration.Mechanism, user: String, password: String, nonce: String,
        clientFirst: String, serverFirst: String, clientFinal: String, serverFinal: String
    ) throws {
        var authenticator = try authenticator(mechanism, user, password, nonce: nonce)
        #expect(authenticator.start() == bytes(clientFirst))
        #expect(try authenticator.receive(bytes(serverFirst)) == .send(bytes(clientFinal)))
        #expect(try authenticator.receive(bytes(serverFinal)) == .done)
        #expect(authenticator.isDone)
    }

    @Test func rfc7677SCRAMSHA256ExampleProducesThePublishedMessages() throws {
        // RFC 7677 section 3.
        try Self.expectExchange(
            .scramSHA256, user: "user", password: "pencil", nonce: "rOprNGfwEbeRWgbNEkqO",
            clientFirst: "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
            serverFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
            clientFinal: "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
            serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
    }

    @Test func scramSHA512MatchesPythonHashlibWithEscapedUserAndUnicodePassword() throws {
        // scripts/gen-scram-vectors.py, case 2.
        try Self.expectExchange(
            .scramSHA512, user: "al=ice,admin", password: "pässwörd-✓", nonce: "Zm9vYmFyYmF6cXV4MTIzNDU2",
            clientFirst: "n,,n=al=3Dice=2Cadmin,r=Zm9vYmFyYmF6cXV4MTIzNDU2",
            serverFirst: "r=Zm9vYmFyYmF6cXV4MTIzNDU2c2VydmVyLW5vbmNlLXBhcnQ,s=AQIDBAUGBwgJCgsMDQ4PEA==,i=4096",
            clientFinal: "c=biws,r=Zm9vYmFyYmF6cXV4MTIzNDU2c2VydmVyLW5vbmNlLXBhcnQ,p=fCuIi/YYLWIrcV8dNjhxMTu/Xtu17EVieRPZYtf0OmfX00ko9x/MGXtCajGeVkQVu9rv6L6hTv5QWSGIdIemGA==",
            serverFinal: "v=844b5NJrwR9S6gK77tOoC4oXh40zEaOohQgERKT3quCSQOl0pTD0ODb5upBbrcG8TXnpe69x7ilzP0oscwS0LQ==")
    }

    @Test func scramSHA256With8192IterationsMatchesPythonHashlib() throws {
        // scripts/gen-scram-vectors.py, case 3.
        try Self.expectExchange(
            .scramSHA256, user: "bob", password: "hunter2", nonce: "abcdefghijklmnop",
            clientFirst: "n,,n=bob,r=abcdefghijklmnop",
            serverFirst: "r=abcdefghijklmnopQRSTUVWXYZ,s=c2FsdHktc2FsdA==,i=8192",
            clientFinal: "c=biws,r=abcdefghijklmnopQRSTUVWXYZ,p=TAhyfg6P6WAP0SSNR4BnKB/I0mr/lowAaxls6z0sPj4=",
            serverFinal: "v=1qGp/xoIqEbBmzhQOjkUKwFR2LVBzmdra9DazUNLPSo=")
    }

    @Test func saslNameEscapesEqualsAndCommaOnly() {
        #expect(SCRAMMessage.escapeSASLName("a=b,c") == "a=3Db=2Cc")
        #expect(SCRAMMessage.escapeSASLName("==,,") == "=3D=3D=2C=2C")
        #expect(SCRAMMessage.escapeSASLName("plain-user_1.ü") == "plain-user_1.ü")
    }

    @Test func generatedNoncesAreLongPrintableWithoutCommaAndDifferent() throws {
        let configuration = KafkaSASLConfiguration(mechanism: .scramSHA256, username: "u", password: "p")
        var first = try SASLAuthenticator(configuration: configuration)
        var second = try SASLAuthenticator(configuration: configuration)
        let a = String(decoding: first.start(), as: UTF8.self)
        let b = String(decoding: second.start(), as: UTF8.self)
        #expect(a.hasPrefix("n,,n=u,r="))
        let nonceA = a.dropFirst("n,,n=u,r=".count)
        let nonceB = b.dropFirst("n,,n=u,r=".count)
        #expect(nonceA.count >= 24)
        #expect(SCRAMMessage.isValidNonce(nonceA))
        #expect(nonceA != nonceB)
    }

    @Test func aClientNonceWithACommaIsRejected() {
        #expect(throws: KafkaError.self) {
            _ = try Self.authenticator(.scramSHA256, "user", "pencil", nonce: "abc,def")
        }
    }

    /// The server-first-message of the RFC 7677 example with one part replaced.
    private static func rfcServerFirst(nonce: String = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0", salt: String = "W22ZaJ0SNY7soEsUEjb6gQ==", iterations: String = "4096") -> String {
        "r=\(nonce),s=\(salt),i=\(iterations)"
    }

    private static func expectServerFirstRejected(_ message: [UInt8], containing fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var authenticator = try authenticator(.scramSHA256, "user", "pencil", nonce: "rOprNGfwEbeRWgbNEkqO")
        _ = authenticator.start()
        do {
            let step = try authenticator.receive(message)
            Issue.record("accepted a bad server-first-message, answered \(step)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == .authenticationFailed, sourceLocation: sourceLocation)
            #expect(error.message.contains(fragment), "message: \(error.message)", sourceLocation: sourceLocation)
            #expect(!error.description.contains("pencil"), sourceLocation: sourceLocation)
        }
        // A failed exchange stays failed.
        #expect(throws: KafkaError.self, sourceLocation: sourceLocation) { try authenticator.receive(bytes(rfcServerFirst())) }
    }

    @Test func hostileOrMalformedServerFirstMessagesAreRejected() throws {
        try Self.expectServerFirstRejected(Self.bytes(Self.rfcServerFirst(nonce: "someoneElsesNonce123")), containing: "nonce")
        // The server must add its own part to the nonce.
        try Self.expectServerFirstRejected(Self.bytes(Self.rfcServerFirst(nonce: "rOprNGfwEbeRWgbNEkqO")), containing: "nonce")
        try Self.expectServerFirstRejected(Self.bytes(Self.rfcServerFirst(salt: "not base64!")), containing: "salt")
        try Self.expectServerFirstRejected(Self.bytes(Self.rfcServerFirst(salt: "")), containing: "salt")
        try Self.expectServerFirstRejected(Self.bytes(Self.rfcServerFirst(iterations: "4095")), containing: "iteration")
        try Self.expectServerFirstRejected(Self.bytes(Self.rfcServerFirst(iterations: "1")), containing: "iteration")
        try Self.expectServerFirstRejected(Self.bytes(Self.rfcServerFirst(iterations: "0")), containing: "iteration")
        try Self.expectServerFirstRejected(Self.bytes(Self.rfcServerFirst(iterations: "1000001")), containing: "iteration")
        try Self.expectServerFirstRejected(Self.bytes(Self.rfcServerFirst(iterations: "99999999999999999999")), containing: "iteration")
        try Self.expectServerFirstRejected(Self.bytes(Self.rfcServerFirst(iterations: "-4096")), containing: "iteration")
        try Self.expectServerFirstRejected(Self.bytes(Self.rfcServerFirst(iterations: "+4096")), containing: "iteration")
        try Self.expectServerFirstRejected(Self.bytes("s=W22ZaJ0SNY7soEsUEjb6gQ==,r=rOprNGfwEbeRWgbNEkqOxyz,i=4096"), containing: "order")
        try Self.expectServerFirstRejected(Self.bytes("r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ=="), containing: "order")
        try Self.expectServerFirstRejected(Self.bytes("m=must-understand," + Self.rfcServerFirst()), containing: "extension")
        try Self.expectServerFirstRejected(Self.bytes("e=other-error"), containing: "other-error")
        try Self.expectServerFirstRejected([], containing: "malformed")
        try Self.expectServerFirstRejected(Self.bytes(",,,"), containing: "malformed")
        try Self.expectServerFirstRejected([0xFF, 0xFE, 0x3D], containing: "UTF-8")
        try Self.expectServerFirstRejected(Self.bytes("r=rOprNGfwEbeRWgbNEkqO\u{7F}x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"), containing: "nonce")
    }

    @Test func extensionsAfterTheIterationCountAreIgnored() throws {
        var authenticator = try Self.authenticator(.scramSHA256, "user", "pencil", nonce: "rOprNGfwEbeRWgbNEkqO")
        _ = authenticator.start()
        let step = try authenticator.receive(Self.bytes(Self.rfcServerFirst() + ",x=future"))
        guard case .send(let final) = step else {
            Issue.record("expected a client-final-message, got \(step)")
            return
        }
        // The proof covers the whole server-first-message (extension included), so it differs from the RFC's.
        let text = String(decoding: final, as: UTF8.self)
        #expect(text.hasPrefix("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p="))
        #expect(!text.hasSuffix("p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="))
    }

    /// An authenticator that has sent the RFC 7677 client-final-message.
    private static func rfcAuthenticatorAwaitingServerFinal() throws -> SASLAuthenticator {
        var authenticator = try authenticator(.scramSHA256, "user", "pencil", nonce: "rOprNGfwEbeRWgbNEkqO")
        _ = authenticator.start()
        _ = try authenticator.receive(bytes(rfcServerFirst()))
        return authenticator
    }

    @Test func aWrongServerSignatureFailsAuthentication() throws {
        var authenticator = try Self.rfcAuthenticatorAwaitingServerFinal()
        // The RFC's signature with its first character changed.
        do {
            _ = try authenticator.receive(Self.bytes("v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))
            Issue.record("accepted a wrong server signature")
        } catch {
            #expect(error.kind == .authenticationFailed)
            #expect(error.message.contains("signature"))
        }
        #expect(!authenticator.isDone)
    }

    @Test func serverFinalErrorsAndGarbageFailAuthentication() throws {
        let cases: [(message: [UInt8], fragment: String)] = [
            (Self.bytes("e=invalid-proof"), "invalid-proof"),
            (Self.bytes("e=\u{1B}[31mred\u{07}"), "[31mred"),  // control characters are dropped
            (Self.bytes("v=***"), "base64"),
            (Self.bytes("v="), "signature"),
            (Self.bytes("x=1"), "neither"),
            ([], "malformed"),
            ([0xC3], "malformed"),
        ]
        for (message, fragment) in cases {
            var authenticator = try Self.rfcAuthenticatorAwaitingServerFinal()
            do {
                _ = try authenticator.receive(message)
                Issue.record("accepted \(message)")
            } catch {
                #expect(error.kind == .authenticationFailed)
                #expect(error.message.contains(fragment), "message: \(error.message)")
                #expect(!error.message.contains("\u{1B}"))
            }
        }
    }

    @Test func aMessageAfterCompletionIsAnError() throws {
        var authenticator = try Self.rfcAuthenticatorAwaitingServerFinal()
        #expect(try authenticator.receive(Self.bytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")) == .done)
        #expect(throws: KafkaError.self) { try authenticator.receive(Self.bytes("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")) }
    }

    @Test func aMessageBeforeStartIsAnError() throws {
        var authenticator = try Self.authenticator(.scramSHA512, "user", "pencil", nonce: "abc")
        #expect(throws: KafkaError.self) { try authenticator.receive(Self.bytes(Self.rfcServerFirst())) }
    }
}
