/// Reading a client configuration from environment variables (for services configured by their
/// deployment rather than in code).
extension KafkaClientConfiguration {
    /// The variables `init(environment:)` reads; `KAFKA_BOOTSTRAP_SERVERS` is required.
    public enum EnvironmentVariable: String, CaseIterable, Sendable {
        /// `host:port[,host:port…]`.
        case bootstrapServers = "KAFKA_BOOTSTRAP_SERVERS"
        /// The client id sent to the brokers.
        case clientId = "KAFKA_CLIENT_ID"
        /// `true`/`1` to connect with TLS (implied by any other `KAFKA_TLS_*`).
        case tls = "KAFKA_TLS"
        /// PEM file of CA certificates to trust.
        case tlsCAFile = "KAFKA_TLS_CA_FILE"
        /// PEM client certificate for mutual TLS (with `KAFKA_TLS_KEY_FILE`).
        case tlsCertificateFile = "KAFKA_TLS_CERT_FILE"
        /// PEM private key of the client certificate.
        case tlsKeyFile = "KAFKA_TLS_KEY_FILE"
        /// Host name to verify and send as SNI.
        case tlsServerName = "KAFKA_TLS_SERVER_NAME"
        /// `PLAIN`, `SCRAM-SHA-256` or `SCRAM-SHA-512`.
        case saslMechanism = "KAFKA_SASL_MECHANISM"
        /// The SASL user name.
        case saslUsername = "KAFKA_SASL_USERNAME"
        /// The SASL password (never printed).
        case saslPassword = "KAFKA_SASL_PASSWORD"
        /// `connectTimeout` in milliseconds.
        case connectTimeoutMs = "KAFKA_CONNECT_TIMEOUT_MS"
        /// `requestTimeout` in milliseconds.
        case requestTimeoutMs = "KAFKA_REQUEST_TIMEOUT_MS"
    }

    /// A configuration from `environment` (pass the process environment): the variables of
    /// `EnvironmentVariable`, every other setting at its default. Throws `.invalidConfiguration`
    /// naming the variable that is missing or wrong; values of secrets never appear in errors.
    public init(environment: [String: String]) throws(KafkaError) {
        func value(_ variable: EnvironmentVariable) -> String? {
            guard let text = environment[variable.rawValue]?.trimmingWhitespace(), !text.isEmpty else { return nil }
            return text
        }
        guard let bootstrap = value(.bootstrapServers) else {
            throw KafkaError(.invalidConfiguration, "\(EnvironmentVariable.bootstrapServers.rawValue) is not set")
        }
        do {
            self = try KafkaClientConfiguration(bootstrap: bootstrap)
        } catch {
            throw KafkaError(.invalidConfiguration, "\(EnvironmentVariable.bootstrapServers.rawValue): \(error.message)")
        }
        if let clientId = value(.clientId) { self.clientId = clientId }
        for (variable, keyPath) in [(EnvironmentVariable.connectTimeoutMs, \KafkaClientConfiguration.connectTimeout), (.requestTimeoutMs, \.requestTimeout)] {
            guard let text = value(variable) else { continue }
            guard let milliseconds = Int64(text), milliseconds > 0 else {
                throw KafkaError(.invalidConfiguration, "\(variable.rawValue) must be a positive number of milliseconds, not '\(text)'")
            }
            self[keyPath: keyPath] = .milliseconds(milliseconds)
        }
        let tlsFlag = value(.tls)
        if let tlsFlag, !["true", "1", "false", "0"].contains(tlsFlag.lowercased()) {
            throw KafkaError(.invalidConfiguration, "\(EnvironmentVariable.tls.rawValue) must be true, 1, false or 0, not '\(tlsFlag)'")
        }
        let tlsFiles = [value(.tlsCAFile), value(.tlsCertificateFile), value(.tlsKeyFile), value(.tlsServerName)]
        if ["true", "1"].contains(tlsFlag?.lowercased() ?? "") || tlsFiles.contains(where: { $0 != nil }) {
            guard (value(.tlsCertificateFile) == nil) == (value(.tlsKeyFile) == nil) else {
                throw KafkaError(.invalidConfiguration, "\(EnvironmentVariable.tlsCertificateFile.rawValue) and \(EnvironmentVariable.tlsKeyFile.rawValue) go together")
            }
            tls = KafkaTLSConfiguration(
                caFile: value(.tlsCAFile), certificateFile: value(.tlsCertificateFile), privateKeyFile: value(.tlsKeyFile),
                serverName: value(.tlsServerName))
        }
        if let mechanismText = value(.saslMechanism) {
            guard let mechanism = KafkaSASLConfiguration.Mechanism(rawValue: mechanismText.uppercased()) else {
                let known = KafkaSASLConfiguration.Mechanism.allCases.map(\.rawValue).joined(separator: ", ")
                throw KafkaError(.invalidConfiguration, "\(EnvironmentVariable.saslMechanism.rawValue) '\(mechanismText)' is not one of \(known)")
            }
            guard let username = value(.saslUsername) else {
                throw KafkaError(.invalidConfiguration, "\(EnvironmentVariable.saslMechanism.rawValue) is set but \(EnvironmentVariable.saslUsername.rawValue) is not")
            }
            // The password is taken as is (spaces may be part of it), only checked for presence.
            guard let password = environment[EnvironmentVariable.saslPassword.rawValue], !password.isEmpty else {
                throw KafkaError(.invalidConfiguration, "\(EnvironmentVariable.saslMechanism.rawValue) is set but \(EnvironmentVariable.saslPassword.rawValue) is not")
            }
            sasl = KafkaSASLConfiguration(mechanism: mechanism, username: username, password: password)
        } else if value(.saslUsername) != nil || environment[EnvironmentVariable.saslPassword.rawValue] != nil {
            throw KafkaError(.invalidConfiguration, "\(EnvironmentVariable.saslUsername.rawValue)/\(EnvironmentVariable.saslPassword.rawValue) need \(EnvironmentVariable.saslMechanism.rawValue)")
        }
        try validate()
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    fileprivate func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
