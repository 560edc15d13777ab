import NIOCore

/// The request bookkeeping of one broker connection, as a pure value (no I/O).
///
/// It hands out correlation ids, keeps the requests waiting for a response, bounds how many are in
/// flight (the rest wait in order), matches responses to requests, and decides what a timeout or a
/// close means. Every input returns an action; `KafkaChannelHandler` performs it.
///
/// Kafka brokers answer the requests of one connection strictly in order, so a request that timed
/// out blocks everything behind it: a timeout therefore closes the connection.
struct ConnectionStateMachine<Request> {
    /// A request leaving the queue, to be written with `correlationId`.
    struct Write {
        /// The request.
        var request: Request
        /// Its correlation id (patched into the encoded frame).
        var correlationId: Int32
        /// Whether the broker will answer it (false for acks=0 Produce).
        var expectsResponse: Bool
    }

    /// What to do with a new request.
    enum SendAction {
        /// Write it now.
        case write(Write)
        /// It waits for an in-flight slot; nothing to do yet.
        case queued
        /// The connection is closing or closed: fail the request.
        case fail(Request, KafkaError)
    }

    /// What to do with a response frame.
    enum ResponseAction {
        /// Complete `request` with the frame, then write `next` (requests that got a free slot).
        case deliver(Request, next: [Write])
        /// A response to a request sent without expecting one (the mock cluster answers acks=0
        /// Produce anyway): drop it.
        case discard
        /// A response nobody asked for: the broker broke the protocol; close the connection.
        case closeConnection(KafkaError)
    }

    /// What to do when a request's timer fires.
    enum TimeoutAction {
        /// The request was already answered or failed.
        case none
        /// Fail the request with `error` and close the connection.
        case failAndClose(Request, KafkaError)
    }

    private enum State {
        case active
        /// Closing because of `error`; requests still in flight fail with it when the channel closes.
        case closing(KafkaError)
        case closed(KafkaError)
    }

    private var state: State = .active
    private var nextCorrelationId: Int32 = 1
    private var inFlight: [Int32: Request] = [:]
    private var waiting = CircularBuffer<(request: Request, expectsResponse: Bool)>()
    /// Correlation ids of requests written without expecting a response, oldest first (bounded).
    private var unanswered = CircularBuffer<Int32>()
    private let maxInFlight: Int
    /// How many ids of response-less requests are remembered.
    static var unansweredMemory: Int { 1024 }

    /// A machine allowing `maxInFlight` (at least 1) requests in flight.
    init(maxInFlight: Int) {
        self.maxInFlight = max(1, maxInFlight)
    }

    /// Requests written and awaiting their response.
    var inFlightCount: Int { inFlight.count }
    /// Requests waiting for an in-flight slot.
    var waitingCount: Int { waiting.count }
    /// Whether new requests are still accepted.
    var isActive: Bool {
        if case .active = state { return true }
        return false
    }

    /// A caller sends a request.
    mutating func send(_ request: Request, expectsResponse: Bool) -> SendAction {
        switch state {
        case .closing(let error), .closed(let error):
            return .fail(request, error)
        case .active:
            // Order is kept: once some wait, every later request waits behind them.
            if waiting.isEmpty && (inFlight.count < maxInFlight || !expectsResponse) {
                return .write(issue(request, expectsResponse: expectsResponse))
            }
            waiting.append((request, expectsResponse))
            return .queued
        }
    }

    /// A response frame with `correlationId` arrived.
    mutating func responseReceived(correlationId: Int32) -> ResponseAction {
        if let request = inFlight.removeValue(forKey: correlationId) {
            forgetUnanswered(upTo: correlationId)
            return .deliver(request, next: dequeueWrites())
        }
        if let index = unanswered.firstIndex(of: correlationId) {
            unanswered.removeSubrange(unanswered.startIndex...index)
            return .discard
        }
        let error = KafkaError(.protocolViolation, "the broker answered correlation id \(correlationId), which no request is waiting for")
        if case .active = state { state = .closing(error) }
        return .closeConnection(error)
    }

    /// The timer of the request with `correlationId` fired after `timeout`.
    mutating func requestTimedOut(correlationId: Int32, timeout: Duration, apiName: String) -> TimeoutAction {
        guard let request = inFlight.removeValue(forKey: correlationId) else { return .none }
        let timeoutError = KafkaError(.timedOut, "\(apiName) request got no response within \(timeout)")
        if case .active = state {
            state = .closing(KafkaError(.connectionClosed, "connection closed after a \(apiName) request timed out"))
        }
        return .failAndClose(request, timeoutError)
    }

    /// The client closes the connection; later sends fail with `error`.
    mutating func closeRequested(_ error: KafkaError) {
        if case .active = state { state = .closing(error) }
    }

    /// The channel reported an error (it is about to close).
    mutating func errorCaught(_ error: KafkaError) {
        if case .active = state { state = .closing(error) }
    }

    /// The channel closed: every request in flight or waiting fails with the returned error.
    mutating func channelClosed(defaultError: KafkaError) -> (requests: [Request], error: KafkaError) {
        let error: KafkaError
        switch state {
        case .active: error = defaultError
        case .closing(let reason), .closed(let reason): error = reason
        }
        state = .closed(error)
        // Fail in correlation-id order, then the waiting ones in queue order.
        var failed = inFlight.sorted { $0.key < $1.key }.map(\.value)
        failed.append(contentsOf: waiting.map(\.request))
        inFlight.removeAll()
        waiting.removeAll()
        unanswered.removeAll()
        return (failed, error)
    }

    private mutating func issue(_ request: Request, expectsResponse: Bool) -> Write {
        let id = nextCorrelationId
        // Correlation ids stay non-negative and wrap; ids far behind are long answered.
        nextCorrelationId = id == Int32.max ? 1 : id &+ 1
        if expectsResponse {
            inFlight[id] = request
        } else {
            if unanswered.count >= Self.unansweredMemory { unanswered.removeFirst() }
            unanswered.append(id)
        }
        return Write(request: request, correlationId: id, expectsResponse: expectsResponse)
    }

    private mutating func dequeueWrites() -> [Write] {
        var writes: [Write] = []
        while let first = waiting.first, inFlight.count < maxInFlight || !first.expectsResponse {
            waiting.removeFirst()
            writes.append(issue(first.request, expectsResponse: first.expectsResponse))
        }
        return writes
    }

    /// Brokers answer in order: response-less requests sent before `correlationId` will never be
    /// answered after it, so their ids can go.
    private mutating func forgetUnanswered(upTo correlationId: Int32) {
        while let first = unanswered.first, first < correlationId {
            unanswered.removeFirst()
        }
    }
}
