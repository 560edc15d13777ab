import Logging
import NIOCore

/// One request on its way to the broker: the encoded frame (correlation id still 0) and where the
/// response body goes.
struct KafkaOutboundRequest: Sendable {
    /// The encoded frame; the handler patches the correlation id in.
    var frame: ByteBuffer
    /// The API's name, for messages and metrics.
    var apiName: String
    /// Whether the broker answers (false for acks=0 Produce).
    var expectsResponse: Bool
    /// The response header version to strip from the answer.
    var responseHeaderVersion: Int16
    /// Time allowed for the response once written.
    var timeout: Duration
    /// Succeeds with the response body (after the header); with an empty buffer once written when
    /// no response is expected.
    var promise: EventLoopPromise<ByteBuffer>
}

/// Performs the actions of a `ConnectionStateMachine`: writes frames, matches response frames,
/// runs the timeouts, fails everything when the channel closes.
final class KafkaChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = KafkaOutboundRequest
    typealias OutboundOut = ByteBuffer

    private var state: ConnectionStateMachine<KafkaOutboundRequest>
    private var timeouts: [Int32: Scheduled<Void>] = [:]
    private var context: ChannelHandlerContext?
    private let broker: String
    private let logger: Logger
    private let closeReason: ChannelCloseReason

    /// A handler for a connection to `broker` allowing `maxInFlight` requests in flight; the
    /// error that closes the channel is recorded in `closeReason`.
    init(broker: String, maxInFlight: Int, logger: Logger, closeReason: ChannelCloseReason) {
        self.state = ConnectionStateMachine(maxInFlight: maxInFlight)
        self.broker = broker
        self.logger = logger
        self.closeReason = closeReason
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        promise?.succeed(())
        let before = state.inFlightCount
        switch state.send(request, expectsResponse: request.expectsResponse) {
        case .write(let write):
            perform(write, context: context)
        case .queued:
            logger.trace("request waits for an in-flight slot", metadata: ["kafka.api": "\(request.apiName)"])
        case .fail(let request, let error):
            request.promise.fail(error)
        }
        GregorMetrics.inFlightChanged(by: state.inFlightCount - before)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var frame = unwrapInboundIn(data)
        GregorMetrics.bytesIn(frame.readableBytes + 4)
        guard let correlationId = KafkaRequestFrame.peekCorrelationId(frame) else {
            fail(KafkaError(.protocolViolation, "the broker sent a \(frame.readableBytes)-byte frame, too short for a response header", broker: broker), context: context)
            return
        }
        let before = state.inFlightCount
        switch state.responseReceived(correlationId: correlationId) {
        case .deliver(let request, let next):
            timeouts.removeValue(forKey: correlationId)?.cancel()
            do throws(KafkaDecodingError) {
                try KafkaRequestFrame.skipResponseHeader(&frame, headerVersion: request.responseHeaderVersion)
                request.promise.succeed(frame)
            } catch {
                request.promise.fail(KafkaError(.decoding(error), "could not read the \(request.apiName) response header: \(error)", broker: broker))
            }
            for write in next { perform(write, context: context) }
            if !next.isEmpty { context.flush() }
        case .discard:
            logger.trace("discarded a response to a request sent without expecting one", metadata: ["kafka.correlation_id": "\(correlationId)"])
        case .closeConnection(let error):
            logger.warning("closing the connection: \(error.message)")
            context.close(promise: nil)
        }
        GregorMetrics.inFlightChanged(by: state.inFlightCount - before)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(Self.kafkaError(error, broker: broker), context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let before = state.inFlightCount
        let closed = state.channelClosed(defaultError: KafkaError(.connectionClosed, "the broker closed the connection", broker: broker))
        closeReason.record(closed.error)
        for (_, scheduled) in timeouts { scheduled.cancel() }
        timeouts.removeAll()
        for request in closed.requests {
            GregorMetrics.requestFailed(api: request.apiName)
            request.promise.fail(closed.error)
        }
        GregorMetrics.inFlightChanged(by: -before)
        context.fireChannelInactive()
    }

    /// Starts closing: later sends fail with a `.connectionClosed` error.
    func closeRequested(context: ChannelHandlerContext) {
        state.closeRequested(KafkaError(.connectionClosed, "the connection was closed by the client", broker: broker))
        context.close(promise: nil)
    }

    private func fail(_ error: KafkaError, context: ChannelHandlerContext) {
        logger.debug("connection error: \(error.message)")
        closeReason.record(error)
        state.errorCaught(error)
        context.close(promise: nil)
    }

    private func perform(_ write: ConnectionStateMachine<KafkaOutboundRequest>.Write, context: ChannelHandlerContext) {
        var frame = write.request.frame
        KafkaRequestFrame.setCorrelationId(write.correlationId, in: &frame)
        GregorMetrics.bytesOut(frame.readableBytes)
        if write.expectsResponse {
            let correlationId = write.correlationId
            let timeout = write.request.timeout
            let apiName = write.request.apiName
            timeouts[correlationId] = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) {
                self.requestTimedOut(correlationId: correlationId, timeout: timeout, apiName: apiName)
            }
            context.write(wrapOutboundOut(frame), promise: nil)
        } else {
            let written = context.eventLoop.makePromise(of: Void.self)
            written.futureResult.map { ByteBuffer() }.cascade(to: write.request.promise)
            context.write(wrapOutboundOut(frame), promise: written)
        }
    }

    private func requestTimedOut(correlationId: Int32, timeout: Duration, apiName: String) {
        timeouts.removeValue(forKey: correlationId)
        let before = state.inFlightCount
        switch state.requestTimedOut(correlationId: correlationId, timeout: timeout, apiName: apiName) {
        case .none:
            break
        case .failAndClose(let request, var error):
            error.broker = broker
            logger.warning("\(error.message); closing the connection")
            GregorMetrics.requestFailed(api: request.apiName)
            request.promise.fail(error)
            context?.close(promise: nil)
        }
        GregorMetrics.inFlightChanged(by: state.inFlightCount - before)
    }

    /// A channel error as a `KafkaError` (TLS failures get `.tlsFailed`).
    static func kafkaError(_ error: any Error, broker: String) -> KafkaError {
        if var error = error as? KafkaError {
            if error.broker == nil { error.broker = broker }
            return error
        }
        if let tlsError = KafkaError.tlsFailure(error, broker: broker) { return tlsError }
        return KafkaError(.connectionClosed, "connection error: \(error)", broker: broker)
    }
}
