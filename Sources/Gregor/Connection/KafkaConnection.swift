import Logging
import NIOCore

/// One negotiated (and, when configured, TLS + SASL authenticated) connection to one broker.
///
/// Requests are pipelined: up to `maxInFlightRequestsPerConnection` wait for their responses at
/// once, later ones wait their turn. Each request has a timeout (`requestTimeout` plus the
/// request's own `extraTimeout`); a timeout closes the connection, since Kafka answers in order.
/// Every method throws `KafkaError` only.
public final class KafkaConnection: Sendable {
    /// The broker's address.
    public let address: KafkaBrokerAddress
    /// The broker's node id; `nil` for a bootstrap connection.
    public let nodeId: Int32?
    /// The version chosen for each API (from the broker's ApiVersions answer).
    public let negotiatedVersions: KafkaNegotiatedVersions

    /// The ApiVersions version the broker finally answered (0 after an UNSUPPORTED_VERSION fallback).
    let apiVersionsVersion: Int16
    let channel: any Channel
    /// Why the channel closed, once it has.
    let closeReason: ChannelCloseReason
    private let clientId: String
    private let requestTimeout: Duration
    let logger: Logger

    init(
        channel: any Channel, closeReason: ChannelCloseReason, address: KafkaBrokerAddress, nodeId: Int32?,
        negotiatedVersions: KafkaNegotiatedVersions, apiVersionsVersion: Int16, configuration: KafkaClientConfiguration, logger: Logger
    ) {
        self.apiVersionsVersion = apiVersionsVersion
        self.channel = channel
        self.closeReason = closeReason
        self.address = address
        self.nodeId = nodeId
        self.negotiatedVersions = negotiatedVersions
        self.clientId = configuration.clientId
        self.requestTimeout = configuration.requestTimeout
        self.logger = logger
    }

    /// Whether the connection is open.
    public var isActive: Bool { channel.isActive }

    /// Completes when the connection has closed, for whatever reason.
    public var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    /// How the broker is named in errors and logs: `node N (host:port)` or `host:port`.
    public var brokerDescription: String {
        nodeId.map { "node \($0) (\(address))" } ?? "\(address)"
    }

    /// Sends `request` at the negotiated version (or `version`), waits for the response.
    /// `extraTimeout` is added to `requestTimeout` (a long-poll Fetch passes its max wait).
    ///
    /// Throws `.unsupportedVersion` when the broker and Gregor share no version of the API,
    /// `.timedOut`, `.connectionClosed`, `.decoding` for an unreadable response.
    public func send<R: KafkaRequestMessage>(_ request: R, version: Int16? = nil, extraTimeout: Duration = .zero) async throws -> R.Response {
        let version = try resolveVersion(R.self, requested: version)
        return try await send(request, resolvedVersion: version, timeout: requestTimeout + extraTimeout)
    }

    /// Writes `request` without waiting for a response (acks=0 Produce); returns once written.
    /// A response the broker sends anyway (the mock cluster does) is discarded.
    public func sendWithoutResponse<R: KafkaRequestMessage>(_ request: R, version: Int16?) async throws {
        let version = try resolveVersion(R.self, requested: version)
        let frame = try KafkaRequestFrame.encode(request, version: version, clientId: clientId, allocator: channel.allocator)
        _ = try await Self.sendFrame(
            frame, apiName: KafkaHeaderVersions.apiName(R.apiKey), expectsResponse: false, responseHeaderVersion: 0,
            timeout: requestTimeout, channel: channel, closeReason: closeReason, broker: brokerDescription
        )
    }

    /// Closes the connection; requests in flight fail with `.connectionClosed`.
    public func close() async {
        do {
            try await channel.close()
        } catch {
            // Already closed: nothing to do.
        }
    }

    /// Sends at an already chosen version with an explicit timeout.
    func send<R: KafkaRequestMessage>(_ request: R, resolvedVersion version: Int16, timeout: Duration) async throws(KafkaError) -> R.Response {
        try await Self.send(
            request, version: version, timeout: timeout, clientId: clientId, channel: channel, closeReason: closeReason, broker: brokerDescription)
    }

    private func resolveVersion<R: KafkaRequestMessage>(_ type: R.Type, requested: Int16?) throws(KafkaError) -> Int16 {
        guard let api = KafkaAPI(rawValue: R.apiKey) else {
            guard let requested else {
                throw KafkaError(.unsupportedVersion, "api \(R.apiKey) is not negotiated; pass an explicit version", broker: brokerDescription)
            }
            return requested
        }
        return try negotiatedVersions.resolve(api, requested: requested, broker: brokerDescription)
    }

    /// Encodes, sends and decodes one request on `channel` (also used before negotiation finished).
    static func send<R: KafkaRequestMessage>(
        _ request: R, version: Int16, timeout: Duration, clientId: String, channel: any Channel, closeReason: ChannelCloseReason,
        broker: String
    ) async throws(KafkaError) -> R.Response {
        let apiName = KafkaHeaderVersions.apiName(R.apiKey)
        let frame = try KafkaRequestFrame.encode(request, version: version, clientId: clientId, allocator: channel.allocator)
        var body = try await sendFrame(
            frame, apiName: apiName, expectsResponse: true,
            responseHeaderVersion: KafkaHeaderVersions.response(R.self, version: version),
            timeout: timeout, channel: channel, closeReason: closeReason, broker: broker
        )
        do throws(KafkaDecodingError) {
            return try R.Response(from: &body, version: version)
        } catch {
            GregorMetrics.requestFailed(api: apiName)
            throw KafkaError(.decoding(error), "could not decode the \(apiName) v\(version) response: \(error)", broker: broker)
        }
    }

    /// Hands an encoded frame to the channel handler and waits for the response body.
    static func sendFrame(
        _ frame: ByteBuffer, apiName: String, expectsResponse: Bool, responseHeaderVersion: Int16, timeout: Duration,
        channel: any Channel, closeReason: ChannelCloseReason, broker: String
    ) async throws(KafkaError) -> ByteBuffer {
        GregorMetrics.requestSent(api: apiName)
        let promise = channel.eventLoop.makePromise(of: ByteBuffer.self)
        let outbound = KafkaOutboundRequest(
            frame: frame, apiName: apiName, expectsResponse: expectsResponse,
            responseHeaderVersion: responseHeaderVersion, timeout: timeout, promise: promise
        )
        channel.writeAndFlush(outbound).whenFailure { error in
            // The write never reached the handler (channel already closed): report why it closed.
            promise.fail(closeReason.error ?? KafkaChannelHandler.kafkaError(error, broker: broker))
        }
        do {
            return try await promise.futureResult.get()
        } catch {
            throw KafkaChannelHandler.kafkaError(error, broker: broker)
        }
    }
}
