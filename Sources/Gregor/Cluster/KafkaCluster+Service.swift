import ServiceLifecycle

extension KafkaCluster: Service {
    /// Runs until graceful shutdown (or cancellation, or `shutdown()`), then shuts the cluster
    /// client down: every connection closed, waiting calls failed with `.shutDown`.
    public func run() async throws {
        await withTaskCancellationOrGracefulShutdownHandler {
            await self.waitUntilShutDown()
        } onCancelOrGracefulShutdown: {
            Task { await self.shutdown() }
        }
    }

    /// Suspends until `shutdown()` has run.
    func waitUntilShutDown() async {
        guard !isShutDown else { return }
        await withCheckedContinuation { continuation in
            shutdownWaiters.append(continuation)
        }
    }
}
