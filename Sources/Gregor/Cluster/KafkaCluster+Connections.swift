import Logging

extension KafkaCluster {
    /// Opens the connection for `key` after the node's backoff, and registers it.
    func dial(_ key: ConnectionKey, address: KafkaBrokerAddress) async throws -> KafkaConnection {
        defer { pendingConnects[key] = nil }
        let connection = try await connectWithBackoff(to: address, nodeId: key.node, backoffKey: "node \(key.node)")
        guard !isShutDown else {
            await connection.close()
            throw KafkaError(.shutDown, "the Kafka client has been shut down")
        }
        connections[key] = connection
        watch(connection) { cluster in await cluster.connectionDidClose(key, connection) }
        return connection
    }

    /// The bootstrap connection (to the first reachable bootstrap server), opening it when needed.
    func bootstrap() async throws -> KafkaConnection {
        if let existing = bootstrapConnection, existing.isActive { return existing }
        var lastError: KafkaError?
        for address in configuration.bootstrapServers {
            do {
                let connection = try await connectWithBackoff(to: address, nodeId: nil, backoffKey: "bootstrap \(address)")
                try checkNotShutDown()
                bootstrapConnection?.channel.close(promise: nil)
                bootstrapConnection = connection
                watch(connection) { cluster in await cluster.bootstrapDidClose(connection) }
                return connection
            } catch let error as KafkaError where error.kind != .shutDown {
                logger.debug("bootstrap server \(address) failed: \(error)")
                lastError = error
            }
        }
        let reason = lastError.map { ": \($0)" } ?? ""
        throw KafkaError(.connectionFailed, "could not reach any bootstrap server (\(configuration.bootstrapServers.map(\.description).joined(separator: ", ")))\(reason)")
    }

    /// Connects once the backoff for `backoffKey` allows it, recording the outcome.
    private func connectWithBackoff(to address: KafkaBrokerAddress, nodeId: Int32?, backoffKey: String) async throws -> KafkaConnection {
        let wait = backoff.delay(for: backoffKey, now: .now)
        if wait > .zero {
            logger.trace("waiting \(wait) before reconnecting to \(backoffKey)")
            do {
                try await Task.sleep(for: wait)
            } catch {
                throw KafkaError(.shutDown, "cancelled while waiting to reconnect to \(address)")
            }
        }
        try checkNotShutDown()
        do {
            let connection = try await KafkaConnection.connect(
                to: address, nodeId: nodeId, configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
            backoff.recordSuccess(backoffKey)
            return connection
        } catch {
            let next = backoff.recordFailure(backoffKey, now: .now, random: Double.random(in: 0..<1))
            // A broker we cannot reach may have left: refresh metadata on next use.
            cache.invalidate(topic: nil)
            let kafkaError = Self.asKafkaError(error)
            logger.debug("connecting to \(backoffKey) at \(address) failed (next attempt in \(next) at the earliest): \(kafkaError)")
            throw kafkaError
        }
    }

    /// Runs `onClose` on the cluster when `connection` closes.
    private func watch(_ connection: KafkaConnection, onClose: @escaping @Sendable (KafkaCluster) async -> Void) {
        connection.closeFuture.whenComplete { _ in
            Task { await onClose(self) }
        }
    }

    /// Forgets a closed connection and marks metadata stale (the broker may be gone or have lost
    /// leadership).
    func connectionDidClose(_ key: ConnectionKey, _ connection: KafkaConnection) {
        guard let current = connections[key], current === connection else { return }
        connections[key] = nil
        guard !isShutDown else { return }
        logger.debug("connection to node \(key.node) (\(key.purpose)) closed; metadata will be refreshed")
        cache.invalidate(topic: nil)
    }

    private func bootstrapDidClose(_ connection: KafkaConnection) {
        if bootstrapConnection === connection { bootstrapConnection = nil }
    }

    /// The address of `node`, refreshing metadata once when the cache does not know it.
    func address(of node: Int32) async throws -> KafkaBrokerAddress {
        if let known = cache.address(of: node) { return known }
        let fresh = try await metadata(topics: [], refresh: true)
        guard let address = fresh.brokers[node] else {
            throw KafkaError(.connectionFailed, "node \(node) is not among the cluster's live brokers", broker: "node \(node)")
        }
        return address
    }

    /// Known nodes, the ones that may be dialled now first (randomised to spread load).
    func nodesByReadiness() -> [Int32] {
        guard let brokers = cache.snapshot?.brokers else { return [] }
        let now = ContinuousClock.now
        return brokers.keys.shuffled().sorted { backoff.delay(for: "node \($0)", now: now) < backoff.delay(for: "node \($1)", now: now) }
    }
}
