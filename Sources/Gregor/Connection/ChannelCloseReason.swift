import Synchronization

/// The first error that closed a channel, shared by its `KafkaChannelHandler` and the senders.
///
/// A request written after the channel closed never reaches the handler: NIO fails it with a bare
/// "I/O on closed channel". The sender reports this reason instead, so a TLS handshake failure that
/// closes the channel before ApiVersions is written still surfaces as `.tlsFailed`.
final class ChannelCloseReason: Sendable {
    private let reason = Mutex<KafkaError?>(nil)

    /// An empty reason.
    init() {}

    /// Keeps `error` unless an earlier one is already recorded.
    func record(_ error: KafkaError) {
        reason.withLock { if $0 == nil { $0 = error } }
    }

    /// The recorded error, if any.
    var error: KafkaError? { reason.withLock { $0 } }
}
