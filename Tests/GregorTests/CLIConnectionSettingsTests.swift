import Gregor
import GregorCLISupport
import Testing

/// Connection options of `gregor` → `KafkaClientConfiguration`.
@Suite("CLI connection settings")
struct CLIConnectionSettingsTests {
    @Test func bootstrapOptionWinsOverTheEnvironment() throws {
        var settings = ConnectionSettings()
        settings.bootstrapServers = "a:1,b:2"
        let configuration = try settings.clientConfiguration(environment: ["KAFKA_BOOTSTRAP_SERVERS": "c:3"])
        #expect(configuration.bootstrapServers.map(\.description) == ["a:1", "b:2"])
        #expect(configuration.tls == nil)
        #expect(configuration.sasl == nil)
    }

    @Test func bootstrapComesFromTheEnvironment() throws {
        let configuration = try ConnectionSettings().clientConfiguration(environment: ["KAFKA_BOOTSTRAP_SERVERS": "c:3"])
        #expect(configuration.bootstrapServers.map(\.description) == ["c:3"])
        #expect(configuration.clientId == "gregor")
    }

    @Test func missingBootstrapIsAClearError() {
        #expect(throws: CLIError("no bootstrap server: pass --bootstrap-server host:port or set KAFKA_BOOTSTRAP_SERVERS")) {
            try ConnectionSettings().clientConfiguration(environment: [:])
        }
        #expect(throws: CLIError.self) { try ConnectionSettings().clientConfiguration(environment: ["KAFKA_BOOTSTRAP_SERVERS": "  "]) }
    }

    @Test func badBootstrapIsAClearError() {
        var settings = ConnectionSettings()
        settings.bootstrapServers = "host:notaport"
        #expect(throws: CLIError.self) { try settings.clientConfiguration(environment: [:]) }
    }

    @Test func clientIdAndTLSOptionsMapToTheConfiguration() throws {
        var settings = ConnectionSettings()
        settings.bootstrapServers = "broker:9093"
        settings.clientId = "tool"
        settings.tlsCAFile = "/ca.pem"
        settings.tlsServerName = "kafka.example"
        let configuration = try settings.clientConfiguration(environment: [:])
        #expect(configuration.clientId == "tool")
        #expect(configuration.tls == KafkaTLSConfiguration(caFile: "/ca.pem", verifyCertificates: true, serverName: "kafka.example"))

        settings.tlsInsecure = true
        #expect(try settings.clientConfiguration(environment: [:]).tls?.verifyCertificates == false)
        settings.tlsCertificateFile = "/cert.pem"
        #expect(throws: CLIError("--tls-cert-file and --tls-key-file go together")) { try settings.clientConfiguration(environment: [:]) }
    }

    @Test func saslPasswordComesFromTheEnvironmentAndIsNeverEchoed() throws {
        var settings = ConnectionSettings()
        settings.bootstrapServers = "broker:9093"
        settings.saslMechanism = "scram-sha-512"
        settings.saslUsername = "alice"
        settings.saslPasswordEnvironmentVariable = "MY_SECRET"
        let configuration = try settings.clientConfiguration(environment: ["MY_SECRET": "s3cr3t-pa55"])
        #expect(configuration.sasl == KafkaSASLConfiguration(mechanism: .scramSHA512, username: "alice", password: "s3cr3t-pa55"))
        #expect(!String(describing: configuration.sasl).contains("s3cr3t-pa55"))

        do {
            _ = try settings.clientConfiguration(environment: ["KAFKA_SASL_PASSWORD": "other"])
            Issue.record("expected an error for a missing password variable")
        } catch {
            #expect(error.message == "SASL needs a password in the environment variable MY_SECRET")
        }
    }

    @Test func saslDefaultsToTheStandardEnvironmentVariables() throws {
        var settings = ConnectionSettings()
        settings.bootstrapServers = "broker:9093"
        settings.saslMechanism = "PLAIN"
        let configuration = try settings.clientConfiguration(
            environment: ["KAFKA_SASL_USERNAME": "bob", "KAFKA_SASL_PASSWORD": "pw"])
        #expect(configuration.sasl?.username == "bob")
        #expect(configuration.sasl?.mechanism == .plain)
        settings.saslMechanism = "GSSAPI"
        #expect(throws: CLIError.self) { try settings.clientConfiguration(environment: ["KAFKA_SASL_USERNAME": "bob", "KAFKA_SASL_PASSWORD": "pw"]) }
    }

    @Test func saslOptionsWithoutMechanismAreRejected() {
        var settings = ConnectionSettings()
        settings.bootstrapServers = "broker:9093"
        settings.saslUsername = "alice"
        #expect(throws: CLIError.self) { try settings.clientConfiguration(environment: [:]) }
    }
}
