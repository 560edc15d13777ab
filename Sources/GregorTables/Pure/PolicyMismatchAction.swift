/// What `ensureTopic` does when the topic already exists and its `cleanup.policy` does not
/// compact (ktables' `on_policy_mismatch`, whose `raise` is `throw` here).
public enum PolicyMismatchAction: String, Sendable, Hashable, CaseIterable {
    /// Do not read the policy at all; the outcome is `skipped`.
    case ignore
    /// Read it; on a mismatch log a warning and change nothing (the default, as in ktables).
    case warn
    /// Read it; on a mismatch throw `TopicPolicyMismatchError`.
    case `throw`
    /// Read it; on a mismatch set the desired policy, keeping the topic's other overrides.
    case reconcile
}
