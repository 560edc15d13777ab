import Metrics

/// The producer's swift-metrics instruments (names prefixed `gregor_producer_`, dimension
/// `client_id`). Updated per batch, never per record.
struct ProducerMetrics: Sendable {
    /// `gregor_producer_records_total`: records acknowledged.
    let records: Counter
    /// `gregor_producer_batches_total`: batches acknowledged.
    let batches: Counter
    /// `gregor_producer_bytes_total`: wire bytes of acknowledged batches.
    let bytes: Counter
    /// `gregor_producer_record_errors_total`: records that failed for good.
    let recordErrors: Counter
    /// `gregor_producer_retries_total`: batch retries.
    let retries: Counter

    /// Instruments labelled with `clientId`.
    init(clientId: String) {
        let dimensions = [("client_id", clientId)]
        records = Counter(label: "gregor_producer_records_total", dimensions: dimensions)
        batches = Counter(label: "gregor_producer_batches_total", dimensions: dimensions)
        bytes = Counter(label: "gregor_producer_bytes_total", dimensions: dimensions)
        recordErrors = Counter(label: "gregor_producer_record_errors_total", dimensions: dimensions)
        retries = Counter(label: "gregor_producer_retries_total", dimensions: dimensions)
    }

    /// Counts a finished batch.
    func record(_ completion: ProducerState.BatchCompletion) {
        switch completion.result {
        case .success:
            records.increment(by: Int(completion.recordCount))
            batches.increment()
            bytes.increment(by: completion.wireBytes)
        case .failure:
            recordErrors.increment(by: Int(completion.recordCount))
        }
    }
}
