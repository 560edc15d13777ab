import Metrics

/// The swift-metrics instruments of Gregor's connection layer (names prefixed `gregor_`).
///
/// They report to whatever `MetricsSystem` the application bootstrapped; without one they are
/// no-ops.
public enum GregorMetrics {
    /// `gregor_requests_total{api}`: requests sent.
    public static func requestSent(api: String) {
        Counter(label: "gregor_requests_total", dimensions: [("api", api)]).increment()
    }

    /// `gregor_request_errors_total{api}`: requests that failed (timeout, closed connection,
    /// undecodable response, or a broker error reported by a higher layer).
    public static func requestFailed(api: String) {
        Counter(label: "gregor_request_errors_total", dimensions: [("api", api)]).increment()
    }

    /// `gregor_bytes_out_total`: bytes written to brokers.
    static func bytesOut(_ count: Int) {
        Counter(label: "gregor_bytes_out_total").increment(by: count)
    }

    /// `gregor_bytes_in_total`: bytes read from brokers.
    static func bytesIn(_ count: Int) {
        Counter(label: "gregor_bytes_in_total").increment(by: count)
    }

    /// `gregor_in_flight_requests`: requests awaiting a response, over all connections.
    static func inFlightChanged(by delta: Int) {
        guard delta != 0 else { return }
        let meter = Meter(label: "gregor_in_flight_requests")
        if delta > 0 { meter.increment(by: Double(delta)) } else { meter.decrement(by: Double(-delta)) }
    }

    /// `gregor_connections_opened_total`: connections that completed negotiation.
    static func connectionOpened() {
        Counter(label: "gregor_connections_opened_total").increment()
    }
}
