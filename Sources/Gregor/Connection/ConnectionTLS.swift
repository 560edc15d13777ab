import NIOCore
import NIOSSL

/// Connects the connection layer to the TLS helpers in Security/.
enum ConnectionTLS {
    /// A factory for the per-channel TLS handler, or `nil` for plaintext. The NIOSSL context is
    /// built once here, so bad TLS settings fail before any socket is opened.
    static func handlerFactory(
        _ tls: KafkaTLSConfiguration?, host: String, broker: String
    ) throws(KafkaError) -> (@Sendable () throws -> NIOSSLClientHandler)? {
        guard let tls else { return nil }
        let context: NIOSSLContext
        do throws(KafkaError) {
            context = try makeNIOSSLContext(tls)
        } catch {
            var error = error
            error.broker = error.broker ?? broker
            throw error
        }
        return { try makeTLSClientHandler(context: context, tls: tls, host: host) }
    }
}
