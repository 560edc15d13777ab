/// How a Gregor client connects: bootstrap servers, identity, security, timeouts, retries.
///
/// Shared by the producer, the admin client, the fetch engine, Stream and Tables. Invalid values
/// fail in `validate()` (called by every component at construction) with a message naming the
/// setting.
public struct KafkaClientConfiguration: Sendable {
    /// Brokers to bootstrap from; the rest of the cluster is discovered through metadata.
    public var bootstrapServers: [KafkaBrokerAddress]
    /// Sent in every request header (`client.id`); shows up in broker logs and quotas.
    public var clientId: String = "gregor"
    /// TLS settings; `nil` for plaintext.
    public var tls: KafkaTLSConfiguration? = nil
    /// SASL settings; `nil` for no authentication.
    public var sasl: KafkaSASLConfiguration? = nil
    /// Time allowed to open a connection (TCP, TLS, ApiVersions, SASL).
    public var connectTimeout: Duration = .seconds(10)
    /// Time allowed for a response, on top of any time the request itself asks the broker to wait.
    public var requestTimeout: Duration = .seconds(30)
    /// Reconnect backoff: exponential from `initial` to `maximum`, with ±20 % jitter.
    public var reconnectBackoff: KafkaBackoff = KafkaBackoff(initial: .milliseconds(50), maximum: .seconds(5))
    /// Backoff between retries of a retriable request error.
    public var retryBackoff: KafkaBackoff = KafkaBackoff(initial: .milliseconds(100), maximum: .seconds(1))
    /// Requests in flight on one connection before further ones wait.
    public var maxInFlightRequestsPerConnection: Int = 16
    /// Largest response frame accepted from a broker (a guard against garbage lengths).
    public var maxResponseSize: Int = 256 << 20
    /// Cached metadata older than this is refreshed on next use.
    public var metadataMaxAge: Duration = .seconds(300)

    /// A configuration for `bootstrapServers` with every other setting at its default.
    public init(bootstrapServers: [KafkaBrokerAddress]) {
        self.bootstrapServers = bootstrapServers
    }

    /// A configuration from a bootstrap list such as `host1:9092,host2:9092`.
    public init(bootstrap: String) throws(KafkaError) {
        self.init(bootstrapServers: try KafkaBrokerAddress.parseList(bootstrap))
    }

    /// Checks every setting; the error names the offending one.
    public func validate() throws(KafkaError) {
        guard !bootstrapServers.isEmpty else { throw KafkaError(.invalidConfiguration, "bootstrapServers is empty") }
        guard clientId.utf8.count <= Int(Int16.max) else { throw KafkaError(.invalidConfiguration, "clientId is too long") }
        guard connectTimeout > .zero else { throw KafkaError(.invalidConfiguration, "connectTimeout must be positive") }
        guard requestTimeout > .zero else { throw KafkaError(.invalidConfiguration, "requestTimeout must be positive") }
        guard maxInFlightRequestsPerConnection >= 1 else {
            throw KafkaError(.invalidConfiguration, "maxInFlightRequestsPerConnection must be at least 1")
        }
        guard maxResponseSize >= 1024 else { throw KafkaError(.invalidConfiguration, "maxResponseSize must be at least 1024") }
        try reconnectBackoff.validate(name: "reconnectBackoff")
        try retryBackoff.validate(name: "retryBackoff")
        try sasl?.validate()
    }
}

/// Exponential backoff with jitter.
public struct KafkaBackoff: Sendable, Hashable {
    /// The first delay.
    public var initial: Duration
    /// The largest delay.
    public var maximum: Duration
    /// Fraction of random spread around each delay (0.2 = ±20 %).
    public var jitter: Double

    /// Creates a backoff policy.
    public init(initial: Duration, maximum: Duration, jitter: Double = 0.2) {
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
    }

    /// The delay before attempt `attempt` (0-based) for a random unit value `random` in 0..<1.
    public func delay(attempt: Int, random: Double) -> Duration {
        let base = initial * Double(1 << min(max(attempt, 0), 20))
        let capped = min(base, maximum)
        let factor = 1 + jitter * (2 * random - 1)
        return capped * factor
    }

    func validate(name: String) throws(KafkaError) {
        guard initial > .zero, maximum >= initial else {
            throw KafkaError(.invalidConfiguration, "\(name): initial must be positive and not above maximum")
        }
        guard (0..<1).contains(jitter) else { throw KafkaError(.invalidConfiguration, "\(name): jitter must be in 0..<1") }
    }
}

/// TLS settings. Verification of the broker's certificate is on by default.
public struct KafkaTLSConfiguration: Sendable, Hashable {
    /// PEM file of CA certificates to trust; `nil` for the system's trust store.
    public var caFile: String?
    /// PEM client certificate (chain) for mutual TLS.
    public var certificateFile: String?
    /// PEM private key of the client certificate.
    public var privateKeyFile: String?
    /// Verify the broker's certificate chain and host name. Turn off only for tests.
    public var verifyCertificates: Bool = true
    /// Host name to verify and send as SNI; default: the broker's host.
    public var serverName: String?

    /// TLS with the system trust store and full verification.
    public init(caFile: String? = nil, certificateFile: String? = nil, privateKeyFile: String? = nil, verifyCertificates: Bool = true, serverName: String? = nil) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
        self.verifyCertificates = verifyCertificates
        self.serverName = serverName
    }
}

/// SASL settings. The password never appears in descriptions, logs or errors.
public struct KafkaSASLConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// SASL mechanisms Gregor implements.
    public enum Mechanism: String, Sendable, Hashable, CaseIterable {
        /// RFC 4616 PLAIN (use with TLS).
        case plain = "PLAIN"
        /// RFC 7677 SCRAM-SHA-256.
        case scramSHA256 = "SCRAM-SHA-256"
        /// RFC 5802-style SCRAM-SHA-512.
        case scramSHA512 = "SCRAM-SHA-512"
    }

    /// The mechanism.
    public var mechanism: Mechanism
    /// The user name.
    public var username: String
    /// The password (kept out of every description).
    public var password: String

    /// Creates SASL settings.
    public init(mechanism: Mechanism, username: String, password: String) {
        self.mechanism = mechanism
        self.username = username
        self.password = password
    }

    /// Checks the settings; the error names the offending one.
    public func validate() throws(KafkaError) {
        guard !username.isEmpty else { throw KafkaError(.invalidConfiguration, "sasl.username is empty") }
        guard !password.isEmpty else { throw KafkaError(.invalidConfiguration, "sasl.password is empty") }
    }

    public var description: String { "SASL \(mechanism.rawValue) as \(username) (password hidden)" }
}
