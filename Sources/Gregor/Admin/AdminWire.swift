import GregorProtocol

/// Small conversions shared by the admin request builders and response mappers.
enum AdminWire {
    /// `duration` as whole milliseconds for an `Int32` timeout field, clamped to `0...Int32.max`.
    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let (millisFromSeconds, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return Int32.max }
        let total = millisFromSeconds.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        guard !total.overflow else { return Int32.max }
        return Int32(clamping: total.partialValue)
    }

    /// The broker's error for one resource, or `nil` for code 0. The broker's own message wins over
    /// the code's generic description when it sent one.
    static func resourceError(
        code: Int16,
        message: String?,
        topic: String? = nil,
        partition: Int32? = nil,
        broker: String? = nil
    ) -> KafkaError? {
        let brokerMessage = message.flatMap { $0.isEmpty ? nil : $0 }
        return KafkaError.broker(code, brokerMessage, broker: broker, topic: topic, partition: partition)
    }

    /// A response that lacks a resource the request asked about.
    static func missing(_ what: String, topic: String? = nil, partition: Int32? = nil, broker: String? = nil) -> KafkaError {
        KafkaError(.protocolViolation, "the response has no result for \(what)", broker: broker, topic: topic, partition: partition)
    }

    /// Whether `error` is NOT_CONTROLLER: the request reached a broker that is not (or no longer) the
    /// controller, so a metadata refresh and a resend may succeed.
    static func isNotController(_ error: KafkaError?) -> Bool {
        error?.errorCode?.code == KafkaErrorCode.notController.code
    }

    /// How errors name a broker node.
    static func nodeName(_ nodeId: Int32) -> String {
        "node \(nodeId)"
    }
}
