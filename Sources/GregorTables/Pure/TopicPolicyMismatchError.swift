/// An existing topic's `cleanup.policy` does not compact, and the action was `throw`.
public struct TopicPolicyMismatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The topic.
    public let topic: String
    /// The policy the table asked for (its Kafka value).
    public let expected: String
    /// The topic's policy as the broker reported it.
    public let actual: String

    /// An error for `topic` whose policy is `actual` instead of `expected`.
    public init(topic: String, expected: String, actual: String) {
        self.topic = topic
        self.expected = expected
        self.actual = actual
    }

    /// Names the topic and both policies, and how to fix it.
    public var description: String {
        "topic \"\(topic)\" has cleanup.policy \"\(actual)\", which does not compact (wanted \"\(expected)\"); "
            + "keys not rewritten within its retention would be lost. Set cleanup.policy=\(expected) "
            + "on the topic, or use the reconcile action"
    }
}
