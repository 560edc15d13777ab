import ArgumentParser
import Gregor
import GregorCLISupport
import GregorProtocol

/// `gregor consume TOPIC... [--from …] [--until live|never] [--format jsonl|table] [--max-messages N]`
struct ConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Print the records of one or more topics (every partition).",
        discussion: """
            JSON lines: {"topic","partition","offset","timestamp","key","value","headers"}; key and value \
            are the UTF-8 text, null when null, and otherwise absent with key_base64/value_base64 \
            holding base64. A summary goes to stderr at the end.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "Topics to read.")
    var topics: [String]

    @Option(name: .customLong("from"), parsing: .unconditional,
            help: ArgumentHelp("Where to start: earliest, latest, epoch milliseconds, an ISO-8601 time (UTC unless it has an offset) or -<duration> such as -15m, -2h, -30s, -1d.", valueName: "position"))
    var from = "earliest"

    @Option(name: .customLong("until"), help: "live: stop once everything that existed at start is printed; never: keep following.")
    var untilArgument = UntilArgument(.never)

    @Option(name: .customLong("format"), help: "Output format.")
    var formatArgument = FormatArgument(.jsonl)

    @Option(name: .customLong("max-messages"), help: "Stop after this many records.")
    var maxMessages: Int?

    private var until: ConsumeUntil { untilArgument.until }
    private var format: OutputFormat { formatArgument.format }

    func validate() throws {
        guard !topics.isEmpty else { throw ValidationError("name at least one topic") }
        if let maxMessages, maxMessages < 1 { throw ValidationError("--max-messages must be at least 1") }
    }

    func run() async throws {
        try await runReportingErrors {
            let start = try ConsumeStartPosition(parsing: from)
            let configuration = try connection.clientConfiguration()
            let cluster = KafkaCluster(configuration: configuration, logger: ClientSession.makeLogger("gregor.cli.consume"))
            do {
                try await consume(cluster: cluster, start: start)
                await cluster.shutdown()
            } catch {
                await cluster.shutdown()
                throw error
            }
        }
    }

    private func consume(cluster: KafkaCluster, start: ConsumeStartPosition) async throws {
        let clock = ContinuousClock()
        let began = clock.now
        let admin = KafkaAdmin(cluster: cluster)
        let plan = try await ConsumePlan.resolve(topics: uniqueTopics, start: start, until: until, admin: admin)

        let output = StandardOutput()
        let table = RecordTable(topics: uniqueTopics)
        if format == .table { try output.writeLine(table.header) }

        var tracker = plan.tracker
        var printed = 0
        var payloadBytes = 0
        defer {
            try? output.flush()
            let summary = ThroughputSummary(verb: "consumed", records: printed, bytes: payloadBytes, elapsed: clock.now - began)
            StandardError.writeLine(summary.line)
        }
        let limit = maxMessages ?? Int.max
        guard !(until == .live && tracker.isComplete), !plan.assignments.isEmpty else { return }

        let (stream, continuation) = AsyncStream.makeStream(of: ConsumeEvent.self)
        let budget = ConsumeBudget(limit: 8)
        var fetchConfiguration = FetchConfiguration()
        // With --until live every fetched partition has data waiting; a short long-poll only
        // matters when a broker holds a Fetch although data is there.
        if until == .live { fetchConfiguration.maxWait = .milliseconds(100) }
        let engine = FetchEngine(
            cluster: cluster, configuration: fetchConfiguration,
            handler: ConsumeFetchHandler(continuation: continuation, budget: budget))
        await engine.assign(plan.assignments)
        let engineTask = Task {
            do { try await engine.run() } catch { continuation.yield(.engineFailed(error)) }
            continuation.finish()
        }
        defer { engineTask.cancel() }

        do {
            loop: for await event in stream {
                switch event {
                case .records(let id, let batch, let nextPosition):
                    let rows = 0..<min(batch.count, limit - printed)
                    switch format {
                    case .jsonl: ConsumedRecordJSON.appendLines(of: batch, rows: rows, to: &output.buffer)
                    case .table: table.appendLines(of: batch, rows: rows, to: &output.buffer)
                    }
                    printed += rows.count
                    payloadBytes += Self.payloadBytes(batch, rows: rows)
                    try output.flushIfNeeded()
                    await budget.release()
                    if printed >= limit { break loop }
                    if until == .live {
                        let partition = CLITopicPartition(topic: id.topic, partition: id.partition)
                        tracker.advance(partition, to: nextPosition)
                        if !tracker.isUnfinished(partition) { await engine.pause([id]) }
                        if tracker.isComplete { break loop }
                    }
                case .partitionFailed(let id, let error):
                    throw CLIError("\(id): \(error)")
                case .engineFailed(let error):
                    throw error
                }
            }
        } catch {
            await shutDown(engine: engine, budget: budget, task: engineTask)
            throw error
        }
        await shutDown(engine: engine, budget: budget, task: engineTask)
    }

    private func shutDown(engine: FetchEngine, budget: ConsumeBudget, task: Task<Void, Never>) async {
        await engine.stop()
        await budget.close()
        await task.value
    }

    private var uniqueTopics: [String] {
        var seen: Set<String> = []
        return topics.filter { seen.insert($0).inserted }
    }

    private static func payloadBytes(_ batch: MessageBatch, rows: Range<Int>) -> Int {
        var total = 0
        for row in rows {
            total += batch.withKey(at: row) { $0?.count ?? 0 }
            total += batch.withValue(at: row) { $0?.count ?? 0 }
        }
        return total
    }
}
