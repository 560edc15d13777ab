extension KafkaConnection {
    /// Runs SaslHandshake (v1) and the SaslAuthenticate rounds on this fresh connection, within
    /// `deadline` (what remains of `connectTimeout`).
    func authenticate(_ sasl: KafkaSASLConfiguration, deadline: ContinuousClock.Instant) async throws(KafkaError) {
        let broker = brokerDescription
        // Version 1: SASL tokens travel inside SaslAuthenticate (v0 would send them raw).
        let handshakeVersion = try negotiatedVersions.resolve(.saslHandshake, requested: 1, broker: broker)
        let authenticateVersion = try negotiatedVersions.requireVersion(for: .saslAuthenticate, broker: broker)
        let session = try await authenticateSASL(
            configuration: sasl, broker: broker,
            handshake: { request in
                let timeout = try Self.remaining(until: deadline, step: "SaslHandshake", broker: broker)
                return try await self.send(request, resolvedVersion: handshakeVersion, timeout: timeout)
            },
            authenticate: { request in
                let timeout = try Self.remaining(until: deadline, step: "SaslAuthenticate", broker: broker)
                return try await self.send(request, resolvedVersion: authenticateVersion, timeout: timeout)
            }
        )
        if session.sessionLifetimeMs > 0 {
            logger.debug("SASL session lifetime \(session.sessionLifetimeMs) ms (re-authentication is not implemented; the broker will close the connection then and Gregor reconnects)")
        }
    }
}
