import ArgumentParser
import Gregor
import GregorCLISupport

/// The connection options every command takes: brokers, client id, TLS and SASL.
struct ConnectionOptions: ParsableArguments {
    @Option(name: [.customShort("b"), .customLong("bootstrap-server")],
            help: ArgumentHelp("Brokers to bootstrap from, host:port[,host:port…] (default: $KAFKA_BOOTSTRAP_SERVERS).", valueName: "hosts"))
    var bootstrapServer: String?

    @Option(name: .customLong("client-id"), help: "The client id sent to the brokers (default: gregor).")
    var clientId: String?

    @Flag(name: .customLong("tls"), help: "Connect with TLS, trusting the system's CA store.")
    var tls = false

    @Option(name: .customLong("tls-ca-file"), help: ArgumentHelp("PEM file of CA certificates to trust (implies --tls).", valueName: "path"))
    var tlsCAFile: String?

    @Option(name: .customLong("tls-cert-file"), help: ArgumentHelp("PEM client certificate for mutual TLS.", valueName: "path"))
    var tlsCertFile: String?

    @Option(name: .customLong("tls-key-file"), help: ArgumentHelp("PEM private key of the client certificate.", valueName: "path"))
    var tlsKeyFile: String?

    @Option(name: .customLong("tls-server-name"), help: ArgumentHelp("Host name to verify and send as SNI.", valueName: "name"))
    var tlsServerName: String?

    @Flag(name: .customLong("tls-insecure"), help: "Do not verify the broker's certificate (tests only; implies --tls).")
    var tlsInsecure = false

    @Option(name: .customLong("sasl-mechanism"), help: ArgumentHelp("SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.", valueName: "mechanism"))
    var saslMechanism: String?

    @Option(name: .customLong("sasl-username"), help: ArgumentHelp("SASL user name (default: $KAFKA_SASL_USERNAME).", valueName: "name"))
    var saslUsername: String?

    @Option(name: .customLong("sasl-password-env"),
            help: ArgumentHelp("Environment variable holding the SASL password (default: KAFKA_SASL_PASSWORD). Passwords are never taken on the command line.", valueName: "variable"))
    var saslPasswordEnv: String?

    /// The settings these options describe.
    var settings: ConnectionSettings {
        var settings = ConnectionSettings()
        settings.bootstrapServers = bootstrapServer
        settings.clientId = clientId
        settings.tls = tls
        settings.tlsCAFile = tlsCAFile
        settings.tlsCertificateFile = tlsCertFile
        settings.tlsKeyFile = tlsKeyFile
        settings.tlsServerName = tlsServerName
        settings.tlsInsecure = tlsInsecure
        settings.saslMechanism = saslMechanism
        settings.saslUsername = saslUsername
        settings.saslPasswordEnvironmentVariable = saslPasswordEnv
        return settings
    }

    /// The client configuration, reading the process environment.
    func clientConfiguration() throws(CLIError) -> KafkaClientConfiguration {
        try settings.clientConfiguration(environment: ProcessEnvironment.current)
    }
}
