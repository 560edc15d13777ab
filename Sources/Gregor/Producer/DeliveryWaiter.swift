/// Who is told when a record's batch is acknowledged or fails.
enum DeliveryWaiter: Sendable {
    /// A `send` call waiting for its report.
    case continuation(CheckedContinuation<DeliveryReport, any Error>)
    /// A `produce` call's callback.
    case callback(@Sendable (Result<DeliveryReport, KafkaError>) -> Void)

    /// Delivers the outcome (exactly once per record: the batch that holds the waiter completes once).
    func complete(_ result: Result<DeliveryReport, KafkaError>) {
        switch self {
        case .continuation(let continuation):
            continuation.resume(with: result.mapError { $0 as any Error })
        case .callback(let callback):
            callback(result)
        }
    }
}
