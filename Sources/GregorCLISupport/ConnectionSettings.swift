import Gregor

/// The connection options every `gregor` command shares, before they become a
/// `KafkaClientConfiguration`.
///
/// Secrets never come from the command line (where `ps` shows them): the SASL password is read
/// from an environment variable, and no error message repeats it.
public struct ConnectionSettings: Sendable, Equatable {
    /// Environment variable consulted when no bootstrap option is given.
    public static let bootstrapEnvironmentVariable = "KAFKA_BOOTSTRAP_SERVERS"
    /// Default environment variable holding the SASL password.
    public static let defaultPasswordEnvironmentVariable = "KAFKA_SASL_PASSWORD"
    /// Environment variable consulted for the SASL user name when no option gives it.
    public static let usernameEnvironmentVariable = "KAFKA_SASL_USERNAME"

    /// `--bootstrap-server` / `-b`: comma-separated `host:port` list.
    public var bootstrapServers: String?
    /// `--client-id`.
    public var clientId: String?
    /// `--tls`: TLS with the system trust store.
    public var tls: Bool = false
    /// `--tls-ca-file`: PEM CA bundle to trust (implies TLS).
    public var tlsCAFile: String?
    /// `--tls-cert-file`: PEM client certificate (implies TLS; needs `tlsKeyFile`).
    public var tlsCertificateFile: String?
    /// `--tls-key-file`: PEM private key of the client certificate.
    public var tlsKeyFile: String?
    /// `--tls-server-name`: host name to verify and send as SNI.
    public var tlsServerName: String?
    /// `--tls-insecure`: skip certificate verification (implies TLS; for tests only).
    public var tlsInsecure: Bool = false
    /// `--sasl-mechanism`: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.
    public var saslMechanism: String?
    /// `--sasl-username` (otherwise `KAFKA_SASL_USERNAME`).
    public var saslUsername: String?
    /// `--sasl-password-env`: the environment variable holding the password.
    public var saslPasswordEnvironmentVariable: String?

    /// Settings with nothing given.
    public init() {}

    /// The client configuration these settings describe, reading `environment` for the bootstrap
    /// list (when no option gives it), the SASL user name and the SASL password.
    public func clientConfiguration(environment: [String: String]) throws(CLIError) -> KafkaClientConfiguration {
        let bootstrapText = bootstrapServers ?? environment[Self.bootstrapEnvironmentVariable]
        guard let bootstrapText, !bootstrapText.trimmingSpaces().isEmpty else {
            throw CLIError("no bootstrap server: pass --bootstrap-server host:port or set \(Self.bootstrapEnvironmentVariable)")
        }
        var configuration: KafkaClientConfiguration
        do {
            configuration = try KafkaClientConfiguration(bootstrap: bootstrapText)
        } catch {
            throw CLIError("bootstrap server list: \(error.description)")
        }
        if let clientId {
            guard !clientId.isEmpty else { throw CLIError("--client-id is empty") }
            configuration.clientId = clientId
        }
        configuration.tls = try tlsConfiguration()
        configuration.sasl = try saslConfiguration(environment: environment)
        do {
            try configuration.validate()
        } catch {
            throw CLIError(error.description)
        }
        return configuration
    }

    private func tlsConfiguration() throws(CLIError) -> KafkaTLSConfiguration? {
        let wanted = tls || tlsInsecure || tlsCAFile != nil || tlsCertificateFile != nil || tlsKeyFile != nil || tlsServerName != nil
        guard wanted else { return nil }
        guard (tlsCertificateFile == nil) == (tlsKeyFile == nil) else {
            throw CLIError("--tls-cert-file and --tls-key-file go together")
        }
        return KafkaTLSConfiguration(
            caFile: tlsCAFile, certificateFile: tlsCertificateFile, privateKeyFile: tlsKeyFile,
            verifyCertificates: !tlsInsecure, serverName: tlsServerName)
    }

    private func saslConfiguration(environment: [String: String]) throws(CLIError) -> KafkaSASLConfiguration? {
        guard let saslMechanism else {
            if saslUsername != nil || saslPasswordEnvironmentVariable != nil {
                throw CLIError("--sasl-username and --sasl-password-env need --sasl-mechanism")
            }
            return nil
        }
        guard let mechanism = KafkaSASLConfiguration.Mechanism(rawValue: saslMechanism.uppercased()) else {
            let known = KafkaSASLConfiguration.Mechanism.allCases.map(\.rawValue).joined(separator: ", ")
            throw CLIError("--sasl-mechanism '\(saslMechanism)' is not one of \(known)")
        }
        guard let username = saslUsername ?? environment[Self.usernameEnvironmentVariable], !username.isEmpty else {
            throw CLIError("SASL needs a user name: pass --sasl-username or set \(Self.usernameEnvironmentVariable)")
        }
        let variable = saslPasswordEnvironmentVariable ?? Self.defaultPasswordEnvironmentVariable
        guard let password = environment[variable], !password.isEmpty else {
            throw CLIError("SASL needs a password in the environment variable \(variable)")
        }
        return KafkaSASLConfiguration(mechanism: mechanism, username: username, password: password)
    }
}
