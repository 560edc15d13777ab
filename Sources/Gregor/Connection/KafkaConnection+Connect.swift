import Logging
import NIOCore
import NIOPosix
import NIOSSL

extension KafkaConnection {
    /// Opens a connection to `address`: TCP (no Nagle), TLS when `configuration.tls` is set,
    /// ApiVersions negotiation, then SASL when `configuration.sasl` is set. `connectTimeout` covers
    /// all of it.
    ///
    /// Throws `.connectionFailed`, `.tlsFailed`, `.authenticationFailed`, `.timedOut`, or a broker
    /// error from ApiVersions.
    public static func connect(
        to address: KafkaBrokerAddress, nodeId: Int32?, configuration: KafkaClientConfiguration,
        eventLoopGroup: any EventLoopGroup, logger: Logger
    ) async throws -> KafkaConnection {
        let deadline = ContinuousClock.now + configuration.connectTimeout
        var logger = logger
        logger[metadataKey: "kafka.client_id"] = "\(configuration.clientId)"
        logger[metadataKey: "kafka.broker"] = "\(nodeId.map { "\($0)@" } ?? "")\(address)"
        let broker = nodeId.map { "node \($0) (\(address))" } ?? "\(address)"

        let closeReason = ChannelCloseReason()
        let channel = try await openChannel(
            to: address, broker: broker, configuration: configuration, closeReason: closeReason, eventLoopGroup: eventLoopGroup, logger: logger)
        do {
            let negotiated = try await negotiateVersions(
                on: channel, closeReason: closeReason, clientId: configuration.clientId, deadline: deadline, broker: broker, logger: logger)
            let connection = KafkaConnection(
                channel: channel, closeReason: closeReason, address: address, nodeId: nodeId, negotiatedVersions: negotiated.versions,
                apiVersionsVersion: negotiated.apiVersionsVersion, configuration: configuration, logger: logger
            )
            if let sasl = configuration.sasl {
                try await connection.authenticate(sasl, deadline: deadline)
            }
            GregorMetrics.connectionOpened()
            logger.debug("connected")
            return connection
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    /// The time left until `deadline`, or a `.timedOut` error naming `step` when none is.
    static func remaining(until deadline: ContinuousClock.Instant, step: String, broker: String) throws(KafkaError) -> Duration {
        let left = deadline - ContinuousClock.now
        guard left > .zero else { throw KafkaError(.timedOut, "connectTimeout passed during \(step)", broker: broker) }
        return left
    }

    private static func openChannel(
        to address: KafkaBrokerAddress, broker: String, configuration: KafkaClientConfiguration, closeReason: ChannelCloseReason,
        eventLoopGroup: any EventLoopGroup, logger: Logger
    ) async throws(KafkaError) -> any Channel {
        let tlsHandlerFactory = try ConnectionTLS.handlerFactory(configuration.tls, host: address.host, broker: broker)
        let maxFrameSize = configuration.maxResponseSize
        let maxInFlight = configuration.maxInFlightRequestsPerConnection
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.allocator, value: KafkaBufferPool.allocator)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tlsHandlerFactory { try pipeline.addHandler(try tlsHandlerFactory()) }
                    try pipeline.addHandler(ByteToMessageHandler(KafkaFrameDecoder(maxFrameSize: maxFrameSize)))
                    try pipeline.addHandler(KafkaChannelHandler(broker: broker, maxInFlight: maxInFlight, logger: logger, closeReason: closeReason))
                }
            }
        do {
            return try await bootstrap.connect(host: address.host, port: address.port).get()
        } catch let error as KafkaError {
            throw error
        } catch {
            throw KafkaError(.connectionFailed, "could not connect to \(address): \(error)", broker: broker)
        }
    }

    /// ApiVersions at the newest version Gregor knows; on UNSUPPORTED_VERSION (35) the broker
    /// answers with a v0 body (real Kafka; the mock cluster's body is not even that), so retry at v0.
    static func negotiateVersions(
        on channel: any Channel, closeReason: ChannelCloseReason, clientId: String, deadline: ContinuousClock.Instant, broker: String, logger: Logger
    ) async throws(KafkaError) -> (versions: KafkaNegotiatedVersions, apiVersionsVersion: Int16) {
        let newest = ApiVersionsRequest.supportedVersions.upperBound
        let request = ApiVersionsRequest(clientSoftwareName: "gregor", clientSoftwareVersion: gregorSoftwareVersion)
        var version = newest
        while true {
            let apiName = KafkaAPI.apiVersions.name
            let frame = try KafkaRequestFrame.encode(request, version: version, clientId: clientId, allocator: channel.allocator)
            var body = try await sendFrame(
                frame, apiName: apiName, expectsResponse: true,
                responseHeaderVersion: KafkaHeaderVersions.response(ApiVersionsRequest.self, version: version),
                timeout: try remaining(until: deadline, step: "ApiVersions", broker: broker), channel: channel, closeReason: closeReason,
                broker: broker
            )
            let errorCode = body.getInteger(at: body.readerIndex, as: Int16.self)
            if errorCode == KafkaErrorCode.unsupportedVersion.code && version != 0 {
                logger.debug("ApiVersions v\(version) is unsupported by the broker; retrying with v0")
                version = 0
                continue
            }
            let response: ApiVersionsResponse
            do throws(KafkaDecodingError) {
                response = try ApiVersionsResponse(from: &body, version: version)
            } catch {
                throw KafkaError(.decoding(error), "could not decode the ApiVersions v\(version) response: \(error)", broker: broker)
            }
            if let error = KafkaError.broker(response.errorCode, "ApiVersions failed", broker: broker) { throw error }
            let versions = KafkaNegotiatedVersions(brokerVersions: response.apiKeys)
            logger.trace("negotiated API versions", metadata: ["kafka.api_versions_request": "v\(version)"])
            return (versions, version)
        }
    }

    /// The `client_software_version` sent in ApiVersions v3+.
    static var gregorSoftwareVersion: String { "0.1.0" }
}
