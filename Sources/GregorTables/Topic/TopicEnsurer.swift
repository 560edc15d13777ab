import Gregor
import Logging

/// The I/O half of `ensureTopic`: creates the topic when missing, reads an existing topic's
/// `cleanup.policy`, and performs what `EnsureTopicDecision` decides.
struct TopicEnsurer {
    let admin: KafkaAdmin
    let logger: Logger

    /// Makes sure `topic` exists and is compacted as `settings` ask; returns what it did.
    /// Throws the admin error when the topic can neither be created nor found, and
    /// `TopicPolicyMismatchError` on a mismatch with the `throw` action.
    func ensure(topic: String, settings: TableTopicSettings) async throws -> EnsureTopicOutcome {
        let configs = settings.creationConfigs
        let creation = try await admin.createTopicIfMissing(
            NewTopic(name: topic, partitions: settings.partitions, replicationFactor: settings.replicationFactor, configs: configs))
        if case .created = creation {
            logger.info("created the table topic", metadata: ["kafka.partitions": "\(settings.partitions)", "kafka.configs": "\(configs)"])
            return .created
        }
        let desired = try? CleanupPolicy.declared(in: configs)
        guard EnsureTopicDecision.needsPolicyRead(desired: desired, action: settings.onPolicyMismatch) else { return .skipped }
        var existing: [String: ConfigEntry] = [:]
        var readFailure: (any Error)?
        do {
            // All configs, not just cleanup.policy: a legacy AlterConfigs reconcile must resend the
            // other overrides (and Tansu fails DescribeConfigs with explicit keys, brokers.md).
            existing = try await admin.describeConfigs(topic: topic)
        } catch {
            readFailure = error
        }
        let policy = existing[CleanupPolicy.configName]?.value
        switch EnsureTopicDecision.decide(topic: topic, desired: desired, existing: policy, action: settings.onPolicyMismatch) {
        case .skip:
            return .skipped
        case .verified(let policy):
            if (try? CleanupPolicy(parsing: policy))?.deletes == true {
                logger.info("the table topic also has retention (cleanup.policy=\(policy)): keys not rewritten within it will expire")
            }
            return .verified(policy: policy)
        case .warnMismatch(let actual):
            logger.warning("the table topic is not compacted (cleanup.policy=\(actual)); keys not rewritten within its retention will be lost")
            return .mismatch(actual: actual)
        case .failMismatch(let error):
            throw error
        case .reconcile(let from, let to):
            try await reconcile(topic: topic, policy: to, existing: existing)
            logger.warning("changed the table topic's cleanup.policy from \(from) to \(to)")
            return .reconciled(from: from)
        case .warnUnreadable:
            let reason = readFailure.map { "\($0)" } ?? "the broker did not report cleanup.policy"
            logger.warning("could not read the table topic's cleanup.policy: \(reason)")
            return .unreadable(reason: reason)
        case .failUnreadable:
            if let readFailure { throw readFailure }
            throw KafkaError(.protocolViolation, "the broker did not report the topic's cleanup.policy", topic: topic)
        }
    }

    /// Sets `cleanup.policy` and nothing else: IncrementalAlterConfigs where the broker has it;
    /// otherwise AlterConfigs, which replaces the topic's whole config set, so every other explicit
    /// override (`DYNAMIC_TOPIC_CONFIG`) is sent along unchanged.
    private func reconcile(topic: String, policy: String, existing: [String: ConfigEntry]) async throws {
        do {
            try await admin.incrementalAlterConfigs(topic: topic, [.set(name: CleanupPolicy.configName, value: policy)])
            return
        } catch let error as KafkaError where error.kind == .unsupportedVersion {
            logger.debug("the broker has no IncrementalAlterConfigs; reconciling with AlterConfigs")
        }
        var configs: [String: String] = [:]
        for (name, entry) in existing where entry.source == .dynamicTopic {
            guard let value = entry.value else {
                // A sensitive override the broker will not show cannot be resent: refuse rather than drop it.
                throw KafkaError(
                    .invalidState,
                    "cannot reconcile cleanup.policy with AlterConfigs: the override \(name) is hidden (sensitive) and would be lost",
                    topic: topic)
            }
            configs[name] = value
        }
        configs[CleanupPolicy.configName] = policy
        _ = try await admin.alterConfigs([.topic(topic): configs]).get()
    }
}

extension KafkaAdmin {
    /// Makes sure `topic` exists as a table topic (ktables' `ensure_topic`): creates it with
    /// `settings` (compacted) when missing; for an existing topic checks `cleanup.policy` and
    /// ignores, warns about, throws on, or reconciles a mismatch as `settings.onPolicyMismatch`
    /// says. Returns what it did. Tables and writers call this at start unless told not to.
    public func ensureTableTopic(_ topic: String, settings: TableTopicSettings = TableTopicSettings()) async throws -> EnsureTopicOutcome {
        try TableTopicName.validate(topic)
        try settings.validate()
        return try await TopicEnsurer(admin: self, logger: cluster.logger).ensure(topic: topic, settings: settings)
    }
}
