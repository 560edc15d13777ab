/// The type of a control record (the `type` field of its key).
public struct ControlRecordType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The wire value.
    public var rawValue: Int16

    /// Wraps a wire value; values other than ABORT and COMMIT are kept as they are.
    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    /// Transaction abort marker (type 0).
    public static let abort = ControlRecordType(rawValue: 0)
    /// Transaction commit marker (type 1).
    public static let commit = ControlRecordType(rawValue: 1)

    /// The name Kafka uses for this value.
    public var description: String {
        switch rawValue {
        case 0: "ABORT"
        case 1: "COMMIT"
        default: "control type \(rawValue)"
        }
    }
}

/// A control record (for example a transaction marker), decoded from a control batch.
///
/// Control records are not data: the decoder hands them to `RecordSink.controlRecord(_:)`, never
/// to `RecordSink.record(...)`.
public struct ControlRecord: Sendable, Hashable {
    /// The record's offset.
    public var offset: Int64
    /// The record's timestamp (ms).
    public var timestamp: Int64
    /// The producer whose transaction the marker ends.
    public var producerId: Int64
    /// That producer's epoch.
    public var producerEpoch: Int16
    /// The `version` field of the control key.
    public var version: Int16
    /// The `type` field of the control key.
    public var type: ControlRecordType
    /// The coordinator epoch from an end-transaction marker's value, when the value has one.
    public var coordinatorEpoch: Int32?

    /// Creates a control record.
    public init(
        offset: Int64, timestamp: Int64, producerId: Int64, producerEpoch: Int16, version: Int16,
        type: ControlRecordType, coordinatorEpoch: Int32?
    ) {
        self.offset = offset
        self.timestamp = timestamp
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.version = version
        self.type = type
        self.coordinatorEpoch = coordinatorEpoch
    }
}
