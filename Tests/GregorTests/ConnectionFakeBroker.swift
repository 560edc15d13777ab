@testable import Gregor
import NIOCore
import NIOPosix
import Synchronization

/// A tiny scripted "broker" on loopback for connection tests: it reads Kafka frames and lets a
/// responder decide the raw bytes to answer (or nothing).
final class ConnectionFakeBroker: Sendable {
    /// One request as the fake saw it.
    struct Request: Sendable {
        var apiKey: Int16
        var apiVersion: Int16
        var correlationId: Int32
        /// The fake's own port (what a Metadata answer names as the broker's).
        var port: Int
        /// The whole frame after the size prefix (header included).
        var frame: ByteBuffer

        /// The request's body decoded as `type` (after its header), `nil` when it does not decode.
        func decoded<R: KafkaRequestMessage>(as type: R.Type) -> R? {
            var buffer = frame
            guard (try? RequestHeader(from: &buffer, version: KafkaHeaderVersions.request(type, version: apiVersion))) != nil else { return nil }
            return try? R(from: &buffer, version: apiVersion)
        }

        /// The answer frame carrying `body`, the response of `R` at this request's version.
        func answer<R: KafkaRequestMessage>(_ body: R.Response, to type: R.Type) -> ByteBuffer {
            ConnectionFakeBroker.frame(
                correlationId: correlationId, headerVersion: KafkaHeaderVersions.response(type, version: apiVersion), body: body,
                version: apiVersion)
        }
    }

    /// Decides the answer: the raw bytes to write back (size prefix included), or `nil` for none.
    typealias Responder = @Sendable (Request) -> ByteBuffer?

    /// Connect and request timeouts for tests whose subject is not timing. Generous, because the
    /// first seconds of a full test run keep both cores of a CI machine busy, and a handshake
    /// with the fake may wait that long for a thread.
    static let patientTimeout: Duration = .seconds(60)

    let address: KafkaBrokerAddress
    private let channel: any Channel
    private let seen: Mutex<[Request]>

    /// The requests received so far.
    var requests: [Request] { seen.withLock { $0 } }

    private init(channel: any Channel, address: KafkaBrokerAddress) {
        self.channel = channel
        self.address = address
        self.seen = Mutex([])
    }

    /// Starts a fake on a free loopback port answering with `responder`.
    /// `group` runs the fake; give it its own when the responder blocks (to simulate a slow broker).
    static func start(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, _ responder: @escaping Responder) async throws -> ConnectionFakeBroker {
        let log = RequestLog()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaFrameDecoder(maxFrameSize: 64 << 20)))
                    try child.pipeline.syncOperations.addHandler(FakeBrokerHandler(responder: responder, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        let broker = ConnectionFakeBroker(channel: channel, address: try KafkaBrokerAddress(host: "127.0.0.1", port: port))
        log.sink = broker
        return broker
    }

    fileprivate func record(_ request: Request) {
        seen.withLock { $0.append(request) }
    }

    /// Stops listening.
    func stop() async {
        try? await channel.close()
    }

    // MARK: answers

    /// A response frame: size, ResponseHeader at `headerVersion`, `body` at `version`.
    static func frame<M: KafkaEncodable>(correlationId: Int32, headerVersion: Int16, body: M, version: Int16) -> ByteBuffer {
        var payload = ByteBuffer()
        try? ResponseHeader(correlationId: correlationId).encode(into: &payload, version: headerVersion)
        try? body.encode(into: &payload, version: version)
        var framed = ByteBuffer()
        framed.writeInteger(Int32(payload.readableBytes))
        framed.writeBuffer(&payload)
        return framed
    }

    /// The ApiVersions answer of a Kafka-like broker: error 35 with a v0 body for versions above
    /// `maxApiVersions`, else every API in `ranges`.
    static func apiVersionsAnswer(
        _ request: Request, maxApiVersions: Int16 = 0, ranges: [KafkaAPI: ClosedRange<Int16>] = KafkaNegotiatedVersions.gregorSupportedVersions
    ) -> ByteBuffer {
        if request.apiVersion > maxApiVersions {
            let body = ApiVersionsResponse(
                errorCode: 35, apiKeys: [ApiVersionsResponse.ApiVersion(apiKey: 18, minVersion: 0, maxVersion: maxApiVersions)])
            return frame(correlationId: request.correlationId, headerVersion: 0, body: body, version: 0)
        }
        let keys = ranges.sorted { $0.key.rawValue < $1.key.rawValue }.map {
            ApiVersionsResponse.ApiVersion(apiKey: $0.key.rawValue, minVersion: $0.value.lowerBound, maxVersion: $0.value.upperBound)
        }
        return frame(correlationId: request.correlationId, headerVersion: 0, body: ApiVersionsResponse(apiKeys: keys), version: request.apiVersion)
    }

    /// A Metadata answer naming this single broker (on `port`, by default the fake's own) as node 1
    /// and leader of `topic`'s partitions.
    static func metadataAnswer(
        _ request: Request, port: Int? = nil, topic: String = "t", topicId: KafkaUUID = KafkaUUID(high: 1, low: 2), partitions: Int32 = 2
    ) -> ByteBuffer {
        let body = MetadataResponse(
            brokers: [.init(nodeId: 1, host: "127.0.0.1", port: Int32(port ?? request.port))], clusterId: "fake", controllerId: 1,
            topics: [.init(errorCode: 0, name: topic, topicId: topicId, partitions: (0..<partitions).map {
                .init(errorCode: 0, partitionIndex: $0, leaderId: 1, leaderEpoch: 5, replicaNodes: [1], isrNodes: [1])
            })])
        return request.answer(body, to: MetadataRequest.self)
    }
}

/// Lets the channel handlers report to the broker object created after the bind.
private final class RequestLog: Sendable {
    private let target = Mutex<ConnectionFakeBroker?>(nil)
    var sink: ConnectionFakeBroker? {
        get { target.withLock { $0 } }
        set { target.withLock { $0 = newValue } }
    }
}

private final class FakeBrokerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let responder: ConnectionFakeBroker.Responder
    let log: RequestLog

    init(responder: @escaping ConnectionFakeBroker.Responder, log: RequestLog) {
        self.responder = responder
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard let apiKey = frame.getInteger(at: frame.readerIndex, as: Int16.self),
              let apiVersion = frame.getInteger(at: frame.readerIndex + 2, as: Int16.self),
              let correlationId = frame.getInteger(at: frame.readerIndex + 4, as: Int32.self) else {
            context.close(promise: nil)
            return
        }
        let request = ConnectionFakeBroker.Request(
            apiKey: apiKey, apiVersion: apiVersion, correlationId: correlationId, port: context.channel.localAddress?.port ?? 0, frame: frame)
        log.sink?.record(request)
        if let answer = responder(request) {
            context.writeAndFlush(wrapOutboundOut(answer), promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
