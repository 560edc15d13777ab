import ArgumentParser
import Foundation
import Gregor
import GregorCLISupport
import GregorProtocol
import GregorStream

/// `gregor consume TOPIC... [--from …] [--until live|never] [--format jsonl|table|arrow --output FILE]
/// [--shard i/n] [--cutoff TIME] [--max-messages N] [--batch-size N]`: the ordered Stream.
struct ConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Print the records of one or more topics in timestamp order (every partition).",
        discussion: """
            The replay (everything that existed at start, from --from) comes in strict timestamp order \
            across all partitions (ties: topic, partition, offset); then new records follow as they \
            arrive. JSON lines: {"topic","partition","offset","timestamp","key","value","headers"}; key \
            and value are the UTF-8 text, null when null, and otherwise absent with \
            key_base64/value_base64 holding base64. --format arrow writes an Arrow IPC file (--output). \
            A progress line goes to stderr during the replay when stderr is a terminal, and a summary \
            at the end. No consumer group, no offset commits.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "Topics to read.")
    var topics: [String]

    @Option(name: .customLong("from"), parsing: .unconditional,
            help: ArgumentHelp("Where to start: earliest, latest, epoch milliseconds, an ISO-8601 time (UTC unless it has an offset) or -<duration> such as -15m, -2h, -30s, -1d.", valueName: "position"))
    var from = "earliest"

    @Option(name: .customLong("until"), help: "live: stop once the replay (everything that existed at start) is printed; never: keep following.")
    var untilArgument = CaseArgument<ConsumeUntil>(.never)

    @Option(name: .customLong("format"), help: "Output format: jsonl, table or arrow (an Arrow IPC file, needs --output).")
    var formatArgument = CaseArgument<ConsumeFormat>(.jsonl)

    @Option(name: .customLong("output"), help: ArgumentHelp("The Arrow IPC file to write (with --format arrow).", valueName: "file"))
    var output: String?

    @Option(name: .customLong("shard"), help: ArgumentHelp("Read only the partitions p with p % n == i.", valueName: "i/n"))
    var shard: String?

    @Option(name: .customLong("cutoff"), parsing: .unconditional,
            help: ArgumentHelp("End each partition's replay at its first record at or after this time (epoch ms, ISO-8601 or -<duration>); later records are live.", valueName: "time"))
    var cutoff: String?

    @Option(name: .customLong("max-messages"), help: "Stop after this many records.")
    var maxMessages: Int?

    @Option(name: .customLong("batch-size"), help: "Records per batch (and per Arrow record batch).")
    var batchSize = 10_000

    private var until: ConsumeUntil { untilArgument.value }
    private var format: ConsumeFormat { formatArgument.value }

    func validate() throws {
        guard !topics.isEmpty else { throw ValidationError("name at least one topic") }
        if let maxMessages, maxMessages < 1 { throw ValidationError("--max-messages must be at least 1") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        if format == .arrow, output == nil { throw ValidationError("--format arrow writes a file: give it with --output FILE") }
        if format != .arrow, output != nil { throw ValidationError("--output is for --format arrow (text formats go to standard output)") }
    }

    func run() async throws {
        try await runReportingErrors {
            let configuration = try streamConfiguration()
            let client = try connection.clientConfiguration()
            let sink = try ConsumeSink.make(format: format, topics: uniqueTopics, output: output)
            try await consume(StreamRun(configuration: configuration, client: client), into: sink)
        }
    }

    /// The Stream's configuration from the options.
    private func streamConfiguration() throws -> StreamConfiguration {
        let start = try ConsumeStartPosition(parsing: from)
        let now = currentEpochMilliseconds()
        let policy: StreamStartPolicy
        switch start {
        case .earliest: policy = .earliest
        case .latest: policy = .latest
        case .timestamp, .ago: policy = .timestamp(milliseconds: max(0, start.lookupTimestamp(now: now) ?? 0))
        }
        let shardOption = try shard.map { text throws(CLIError) in try ShardOption(parsing: text) }
        var configuration = StreamConfiguration(topics: uniqueTopics.map { name in
            var topic = SourceTopic(name, startPolicy: policy)
            if let shardOption { topic = topic.shard(shardOption.index, of: shardOption.count) }
            return topic
        })
        if let cutoff {
            let position = try ConsumeStartPosition(parsing: cutoff)
            guard let milliseconds = position.lookupTimestamp(now: now) else {
                throw CLIError("--cutoff takes a time (epoch ms, ISO-8601 or -<duration>), not \(cutoff)")
            }
            configuration.cutoffMilliseconds = milliseconds
        }
        configuration.batchSize = batchSize
        configuration.bounded = until == .live
        // A bounded replay has data waiting in every partition it fetches: a short long-poll only
        // matters when a broker holds a Fetch although data is there.
        if until == .live { configuration.fetch.maxWait = .milliseconds(100) }
        return configuration
    }

    private func consume(_ run: StreamRun, into sink: ConsumeSink) async throws {
        let clock = ContinuousClock()
        let began = clock.now
        let stream = try KafkaStream(configuration: run.configuration, client: run.client, logger: ClientSession.makeLogger("gregor.cli.consume"))
        let progress = ReplayProgressReporter(enabled: isatty(STDERR_FILENO) == 1)
        var printed = 0
        var payloadBytes = 0
        let limit = maxMessages ?? Int.max
        do {
            try await stream.start()
            try sink.begin()
            for try await batch in stream.batches(pollTimeout: .milliseconds(200)) {
                let rows = 0..<min(batch.count, limit - printed)
                try sink.write(batch, rows: rows)
                printed += rows.count
                payloadBytes += Self.payloadBytes(batch, rows: rows)
                progress.update(stream, since: began, clock: clock)
                if printed >= limit { break }
            }
            progress.finish()
            try sink.finish()
        } catch {
            progress.finish()
            await stream.close()
            try? sink.finish()
            StandardError.writeLine(ThroughputSummary(verb: "consumed", records: printed, bytes: payloadBytes, elapsed: clock.now - began).line)
            throw error
        }
        await stream.close()
        StandardError.writeLine(ThroughputSummary(verb: "consumed", records: printed, bytes: payloadBytes, elapsed: clock.now - began).line)
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

/// What `gregor consume` streams with.
struct StreamRun {
    var configuration: StreamConfiguration
    var client: KafkaClientConfiguration
}

/// The progress line on standard error during the replay (only when it is a terminal), redrawn at
/// most every 200 ms and cleared once the replay is over.
final class ReplayProgressReporter {
    private let enabled: Bool
    private var lastDrawn: ContinuousClock.Instant?
    private var visible = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(_ stream: KafkaStream, since began: ContinuousClock.Instant, clock: ContinuousClock) {
        guard enabled else { return }
        let now = clock.now
        if let lastDrawn, now - lastDrawn < .milliseconds(200) { return }
        lastDrawn = now
        guard let progress = stream.progress else { return }
        if progress.livePartitions == progress.partitions {
            finish()
            return
        }
        StandardError.write("\r\u{1B}[2K" + ReplayProgressLine(progress, elapsed: now - began).text)
        visible = true
    }

    func finish() {
        guard visible else { return }
        StandardError.write("\r\u{1B}[2K")
        visible = false
    }
}
