import Gregor
import Testing

/// `KafkaClientConfiguration(environment:)`: settings from variables, errors naming the variable,
/// secrets never in errors.
@Suite struct ClientEnvironmentConfigurationTests {
    @Test func readsBootstrapClientIdTimeoutsTLSAndSASL() throws {
        let configuration = try KafkaClientConfiguration(environment: [
            "KAFKA_BOOTSTRAP_SERVERS": " a.example:9093,b.example:9094 ", "KAFKA_CLIENT_ID": "billing",
            "KAFKA_CONNECT_TIMEOUT_MS": "2500", "KAFKA_REQUEST_TIMEOUT_MS": "40000",
            "KAFKA_TLS_CA_FILE": "/etc/ca.pem", "KAFKA_SASL_MECHANISM": "scram-sha-512",
            "KAFKA_SASL_USERNAME": "svc", "KAFKA_SASL_PASSWORD": "s3cr3t pass",
        ])
        #expect(configuration.bootstrapServers.map(\.description) == ["a.example:9093", "b.example:9094"])
        #expect(configuration.clientId == "billing")
        #expect(configuration.connectTimeout == .milliseconds(2500))
        #expect(configuration.requestTimeout == .seconds(40))
        #expect(configuration.tls?.caFile == "/etc/ca.pem")
        #expect(configuration.tls?.verifyCertificates == true)
        #expect(configuration.sasl?.mechanism == .scramSHA512)
        #expect(configuration.sasl?.username == "svc")
        #expect(configuration.sasl?.password == "s3cr3t pass")
    }

    @Test func plaintextWithoutSecurityVariables() throws {
        let configuration = try KafkaClientConfiguration(environment: ["KAFKA_BOOTSTRAP_SERVERS": "localhost:9092"])
        #expect(configuration.tls == nil)
        #expect(configuration.sasl == nil)
        #expect(configuration.clientId == "gregor")
    }

    @Test(arguments: [
        (["KAFKA_CLIENT_ID": "x"], "KAFKA_BOOTSTRAP_SERVERS"),
        (["KAFKA_BOOTSTRAP_SERVERS": "h:1", "KAFKA_REQUEST_TIMEOUT_MS": "soon"], "KAFKA_REQUEST_TIMEOUT_MS"),
        (["KAFKA_BOOTSTRAP_SERVERS": "h:1", "KAFKA_TLS": "yes"], "KAFKA_TLS"),
        (["KAFKA_BOOTSTRAP_SERVERS": "h:1", "KAFKA_TLS_CERT_FILE": "c.pem"], "KAFKA_TLS_KEY_FILE"),
        (["KAFKA_BOOTSTRAP_SERVERS": "h:1", "KAFKA_SASL_MECHANISM": "GSSAPI"], "KAFKA_SASL_MECHANISM"),
        (["KAFKA_BOOTSTRAP_SERVERS": "h:1", "KAFKA_SASL_MECHANISM": "PLAIN", "KAFKA_SASL_PASSWORD": "hunter2"], "KAFKA_SASL_USERNAME"),
        (["KAFKA_BOOTSTRAP_SERVERS": "h:1", "KAFKA_SASL_USERNAME": "u", "KAFKA_SASL_PASSWORD": "hunter2"], "KAFKA_SASL_MECHANISM"),
    ])
    func aWrongVariableIsNamedAndNoSecretIsShown(environment: [String: String], variable: String) {
        #expect {
            _ = try KafkaClientConfiguration(environment: environment)
        } throws: { error in
            guard let error = error as? KafkaError else { return false }
            return error.kind == .invalidConfiguration && error.description.contains(variable) && !error.description.contains("hunter2")
        }
    }
}
