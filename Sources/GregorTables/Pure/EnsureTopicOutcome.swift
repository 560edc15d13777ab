/// What `ensureTopic` did (ktables' `EnsureTopicResult`: outcome plus the policy it read).
public enum EnsureTopicOutcome: Sendable, Equatable, CustomStringConvertible {
    /// The topic was missing; this call created it with the table's configs.
    case created
    /// The topic existed and its policy compacts.
    case verified(policy: String)
    /// The topic existed with a policy that did not compact; it now has the desired one.
    case reconciled(from: String)
    /// The topic exists with a policy that does not compact, left as it is (action `warn`).
    case mismatch(actual: String)
    /// The topic exists but its policy could not be read (action `warn`).
    case unreadable(reason: String)
    /// The topic exists and was not checked (action `ignore`, or no compaction was asked for).
    case skipped

    /// The stable name: `created`, `verified`, `reconciled`, `mismatch`, `unreadable`, `skipped`
    /// (ktables' `EnsureTopicOutcome` literals).
    public var name: String {
        switch self {
        case .created: "created"
        case .verified: "verified"
        case .reconciled: "reconciled"
        case .mismatch: "mismatch"
        case .unreadable: "unreadable"
        case .skipped: "skipped"
        }
    }

    /// A short sentence for logs.
    public var description: String {
        switch self {
        case .created: "created the topic"
        case .verified(let policy): "topic exists with cleanup.policy=\(policy)"
        case .reconciled(let from): "set a compacting cleanup.policy on the topic (it was \(from))"
        case .mismatch(let actual): "topic exists with cleanup.policy=\(actual), which does not compact (left unchanged)"
        case .unreadable(let reason): "topic exists; its cleanup.policy could not be read (\(reason))"
        case .skipped: "topic exists; cleanup.policy not checked"
        }
    }
}
