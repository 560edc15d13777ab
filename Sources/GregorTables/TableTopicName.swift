import Gregor

/// Kafka's rule for topic names, checked before any request is sent.
enum TableTopicName {
    /// The longest topic name Kafka accepts.
    static let maximumLength = 249

    /// Throws `.invalidArgument` unless `name` is a legal Kafka topic name: 1 to 249 characters
    /// from `[a-zA-Z0-9._-]`, and neither `.` nor `..`.
    static func validate(_ name: String) throws(KafkaError) {
        guard !name.isEmpty else { throw KafkaError(.invalidArgument, "the topic name is empty") }
        guard name.utf8.count <= maximumLength else {
            throw KafkaError(.invalidArgument, "the topic name is longer than \(maximumLength) characters", topic: String(name.prefix(40)) + "…")
        }
        guard name != ".", name != ".." else { throw KafkaError(.invalidArgument, "'\(name)' is not a legal topic name") }
        let legal = name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
        guard legal else {
            throw KafkaError(.invalidArgument, "the topic name '\(name)' has characters other than letters, digits, '.', '_' and '-'")
        }
    }
}
