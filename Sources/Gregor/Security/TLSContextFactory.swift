import NIOCore
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the client TLS context for `tls`: TLS 1.2 or newer; trust in `caFile`'s certificates or,
/// without one, the system's trust store; a client certificate and key for mutual TLS when both
/// are given; full verification (chain and host name) unless `verifyCertificates` is false, which
/// turns all verification off. A file that cannot be read or parsed fails with
/// `.invalidConfiguration` naming the setting and the path, never the file's contents.
func makeNIOSSLContext(_ tls: KafkaTLSConfiguration) throws(KafkaError) -> NIOSSLContext {
    var configuration = TLSConfiguration.makeClientConfiguration()
    configuration.minimumTLSVersion = .tlsv12
    configuration.certificateVerification = tls.verifyCertificates ? .fullVerification : .none
    if let caFile = tls.caFile {
        configuration.trustRoots = .certificates(try TLSFiles.certificates(at: caFile, setting: "tls.caFile"))
    } else {
        configuration.trustRoots = .default
    }
    switch (tls.certificateFile, tls.privateKeyFile) {
    case (nil, nil):
        break
    case (let certificateFile?, let privateKeyFile?):
        let chain = try TLSFiles.certificates(at: certificateFile, setting: "tls.certificateFile")
        configuration.certificateChain = chain.map { .certificate($0) }
        configuration.privateKey = .privateKey(try TLSFiles.privateKey(at: privateKeyFile))
    default:
        throw KafkaError(.invalidConfiguration, "tls.certificateFile and tls.privateKeyFile must be set together")
    }
    do {
        return try NIOSSLContext(configuration: configuration)
    } catch {
        // For example a private key that does not match the certificate.
        throw KafkaError(.invalidConfiguration, "the TLS settings were rejected: \(error)")
    }
}

/// The TLS handler for one connection to `host`. SNI and host-name verification use
/// `tls.serverName`, else `host`; an IP address gets no SNI (TLS forbids it) and NIOSSL then
/// verifies the address against the certificate's IP subject alternative names.
func makeTLSClientHandler(context: NIOSSLContext, tls: KafkaTLSConfiguration, host: String) throws(KafkaError) -> NIOSSLClientHandler {
    let name = tls.serverName ?? host
    let isIPAddress = (try? SocketAddress(ipAddress: name, port: 0)) != nil
    do {
        return try NIOSSLClientHandler(context: context, serverHostname: isIPAddress ? nil : name)
    } catch {
        throw KafkaError(.invalidConfiguration, "'\(name)' cannot be used as a TLS server name: \(error)")
    }
}

extension KafkaError {
    /// `.tlsFailed` for errors raised by NIOSSL (handshake, certificate or host-name
    /// verification), `nil` for any other error. For the connection layer's error mapping.
    static func tlsFailure(_ error: any Error, broker: String?) -> KafkaError? {
        switch error {
        case let error as NIOSSLError:
            return KafkaError(.tlsFailed, "TLS failed: \(error)", broker: broker)
        case let error as NIOSSLExtraError:
            return KafkaError(.tlsFailed, "TLS failed: \(error)", broker: broker)
        case let error as BoringSSLError:
            return KafkaError(.tlsFailed, "TLS failed: \(error)", broker: broker)
        case is NIOSSLCloseTimedOutError:
            return KafkaError(.tlsFailed, "TLS close timed out", broker: broker)
        default:
            return nil
        }
    }
}

/// Reading PEM files for TLS with errors that name the file but never show its contents.
enum TLSFiles {
    /// Every certificate in the PEM file at `path` (at least one).
    static func certificates(at path: String, setting: String) throws(KafkaError) -> [NIOSSLCertificate] {
        try checkReadable(path, setting: setting)
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw KafkaError(.invalidConfiguration, "\(setting) '\(path)' is not a PEM certificate file")
        }
        guard !certificates.isEmpty else {
            throw KafkaError(.invalidConfiguration, "\(setting) '\(path)' contains no PEM certificate")
        }
        return certificates
    }

    /// The unencrypted PEM private key at `path`.
    static func privateKey(at path: String) throws(KafkaError) -> NIOSSLPrivateKey {
        try checkReadable(path, setting: "tls.privateKeyFile")
        do {
            return try NIOSSLPrivateKey(file: path, format: .pem)
        } catch {
            throw KafkaError(.invalidConfiguration, "tls.privateKeyFile '\(path)' is not an unencrypted PEM private key")
        }
    }

    private static func checkReadable(_ path: String, setting: String) throws(KafkaError) {
        guard access(path, R_OK) == 0 else {
            throw KafkaError(.invalidConfiguration, "\(setting) '\(path)' does not exist or cannot be read")
        }
    }
}
