import GregorTables
import Testing

/// Expected decisions follow ktables 2.0.0 `ensure_topic` / `_check_topic_policy`
/// (kafka_table.py:283-338, 397-450), written out by hand.
@Suite struct EnsureTopicDecisionTests {
    let topic = "registry"

    func decide(_ existing: String?, _ action: PolicyMismatchAction, desired: CleanupPolicy? = .compact)
        -> EnsureTopicDecision
    {
        EnsureTopicDecision.decide(topic: topic, desired: desired, existing: existing, action: action)
    }

    @Test func ignoreNeverReadsAndSkips() {
        #expect(!EnsureTopicDecision.needsPolicyRead(desired: .compact, action: .ignore))
        #expect(decide("delete", .ignore) == .skip)
        #expect(decide(nil, .ignore) == .skip)
    }

    @Test(arguments: [PolicyMismatchAction.warn, .throw, .reconcile])
    func nonCompactingOrMissingDesiredPolicySkips(action: PolicyMismatchAction) {
        #expect(!EnsureTopicDecision.needsPolicyRead(desired: .delete, action: action))
        #expect(!EnsureTopicDecision.needsPolicyRead(desired: nil, action: action))
        #expect(decide("delete", action, desired: .delete) == .skip)
        #expect(decide("delete", action, desired: nil) == .skip)
        #expect(EnsureTopicDecision.needsPolicyRead(desired: .compact, action: action))
    }

    @Test(arguments: [PolicyMismatchAction.warn, .throw, .reconcile])
    func compactingPoliciesAreVerifiedAsReported(action: PolicyMismatchAction) {
        #expect(decide("compact", action) == .verified(policy: "compact"))
        #expect(decide("compact,delete", action) == .verified(policy: "compact,delete"))
        #expect(decide("delete, compact", action) == .verified(policy: "delete, compact"))
    }

    @Test func compactDeleteDesiredIsSatisfiedByCompact() {
        #expect(decide("compact", .warn, desired: [.compact, .delete]) == .verified(policy: "compact"))
    }

    @Test func warnOnMismatchWarns() {
        #expect(decide("delete", .warn) == .warnMismatch(actual: "delete"))
        #expect(decide("", .warn) == .warnMismatch(actual: ""))
    }

    @Test func throwOnMismatchGivesTheError() {
        #expect(
            decide("delete", .throw)
                == .failMismatch(TopicPolicyMismatchError(topic: "registry", expected: "compact", actual: "delete"))
        )
    }

    @Test func reconcileSetsTheDesiredPolicyNotAMerge() {
        #expect(decide("delete", .reconcile) == .reconcile(from: "delete", to: "compact"))
        #expect(
            decide("delete", .reconcile, desired: [.compact, .delete])
                == .reconcile(from: "delete", to: "compact,delete")
        )
    }

    @Test func invalidExistingValueCountsAsNotCompacting() {
        #expect(decide("compact,bogus", .warn) == .warnMismatch(actual: "compact,bogus"))
        #expect(decide("COMPACT", .reconcile) == .reconcile(from: "COMPACT", to: "compact"))
    }

    @Test func unreadablePolicyProceedsUnderWarnAndFailsOtherwise() {
        #expect(decide(nil, .warn) == .warnUnreadable)
        #expect(decide(nil, .throw) == .failUnreadable)
        #expect(decide(nil, .reconcile) == .failUnreadable)
    }

    @Test func mismatchErrorMessageNamesTopicAndPolicies() {
        let error = TopicPolicyMismatchError(topic: "t", expected: "compact", actual: "delete")
        #expect(
            error.description
                == #"topic "t" has cleanup.policy "delete", which does not compact (wanted "compact"); "#
                + "keys not rewritten within its retention would be lost. Set cleanup.policy=compact on the topic, "
                + "or use the reconcile action"
        )
    }

    @Test func outcomeNamesMatchKtables() {
        let outcomes: [EnsureTopicOutcome] = [
            .created, .verified(policy: "compact"), .reconciled(from: "delete"), .mismatch(actual: "delete"),
            .unreadable(reason: "timeout"), .skipped,
        ]
        #expect(outcomes.map(\.name) == ["created", "verified", "reconciled", "mismatch", "unreadable", "skipped"])
    }

    @Test func outcomeDescriptions() {
        #expect(EnsureTopicOutcome.created.description == "created the topic")
        #expect(EnsureTopicOutcome.reconciled(from: "delete").description == "set a compacting cleanup.policy on the topic (it was delete)")
        #expect(EnsureTopicOutcome.unreadable(reason: "timeout").description.contains("timeout"))
        #expect(EnsureTopicOutcome.mismatch(actual: "delete").description.contains("delete"))
    }

    @Test func actionRawValues() {
        #expect(PolicyMismatchAction.allCases.map(\.rawValue) == ["ignore", "warn", "throw", "reconcile"])
    }
}
