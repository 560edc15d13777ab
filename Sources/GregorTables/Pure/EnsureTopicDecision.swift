/// What `ensureTopic` must do about an existing topic's `cleanup.policy`: the pure part of
/// ktables' `ensure_topic` / `_check_topic_policy`. The caller reads the policy, asks `decide`,
/// and performs the answer.
public enum EnsureTopicDecision: Sendable, Equatable {
    /// Nothing to check: action `ignore`, or the desired policy does not compact. Outcome `skipped`.
    case skip
    /// The topic's policy compacts. Outcome `verified`; when it also deletes, retention may still
    /// drop keys that are not rewritten, which is worth a log line.
    case verified(policy: String)
    /// Mismatch under `warn`: log a warning, change nothing. Outcome `mismatch`.
    case warnMismatch(actual: String)
    /// Mismatch under `throw`: throw this error.
    case failMismatch(TopicPolicyMismatchError)
    /// Mismatch under `reconcile`: set `cleanup.policy` to `to`, keeping the other explicit
    /// overrides. Outcome `reconciled(from:)`.
    case reconcile(from: String, to: String)
    /// The policy could not be read under `warn`: proceed. Outcome `unreadable`.
    case warnUnreadable
    /// The policy could not be read under `throw` or `reconcile`: fail with the read's error.
    case failUnreadable

    /// Whether the caller needs to read the topic's policy at all (not for `ignore`, nor when the
    /// desired policy does not compact). When `false`, `decide` answers `skip`.
    public static func needsPolicyRead(desired: CleanupPolicy?, action: PolicyMismatchAction) -> Bool {
        action != .ignore && desired?.compacts == true
    }

    /// The decision for `topic`, given the desired policy (`nil`: none declared), the topic's
    /// policy as read (`nil`: the read failed, or the broker did not report one) and the action.
    ///
    /// An existing value that is not a valid policy counts as not compacting: nothing proves
    /// that it compacts. (ktables accepts any value with a `compact` element there.)
    /// The reconcile target is the desired policy itself — `delete` becomes `compact`, not
    /// `compact,delete` — as in ktables, which sets `cleanup.policy` to the expected value.
    public static func decide(
        topic: String, desired: CleanupPolicy?, existing: String?, action: PolicyMismatchAction
    ) -> EnsureTopicDecision {
        guard let desired, needsPolicyRead(desired: desired, action: action) else { return .skip }
        guard let existing else {
            return action == .warn ? .warnUnreadable : .failUnreadable
        }
        if let policy = try? CleanupPolicy(parsing: existing), policy.compacts {
            return .verified(policy: existing)
        }
        switch action {
        case .ignore: return .skip
        case .warn: return .warnMismatch(actual: existing)
        case .throw:
            return .failMismatch(TopicPolicyMismatchError(topic: topic, expected: desired.kafkaValue, actual: existing))
        case .reconcile: return .reconcile(from: existing, to: desired.kafkaValue)
        }
    }
}
