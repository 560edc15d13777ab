import ArgumentParser
import Foundation
import Gregor
import GregorCLISupport
import GregorProtocol
import GregorStream

/// `gregor bench stream`: an ordered, bounded replay of a topic from earliest through
/// `KafkaStream`, timed from before the stream looks up its offsets to the last batch. Prints one
/// JSON line with records, bytes, seconds, the timestamp inversions and late records in delivery
/// order (`--inversions`), and the process's peak resident memory.
struct BenchStreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stream", abstract: "Ordered replay benchmark.")

    @OptionGroup var connection: ConnectionOptions

    @Option(name: .customLong("topic"), help: "Topic to replay.")
    var topic: String

    @Option(name: .customLong("batch-size"), help: "Records per batch.")
    var batchSize = 10_000

    @Option(name: .customLong("memory-budget-mb"), help: "The stream's memory budget in MiB.")
    var memoryBudgetMiB = 256

    @Option(name: .customLong("poll-sleep-ms"), help: "Sleep this long after each batch (a slow consumer).")
    var pollSleepMilliseconds = 0

    @Flag(name: .customLong("inversions"), help: "Count timestamp inversions and late records in delivery order.")
    var countInversions = false

    func run() async throws {
        try await runReportingErrors {
            var configuration = StreamConfiguration(topics: [.earliest(topic)])
            configuration.batchSize = batchSize
            configuration.memoryBudget = memoryBudgetMiB << 20
            configuration.bounded = true
            let clock = ContinuousClock()
            let began = clock.now
            let stream = try KafkaStream(configuration: configuration, client: try connection.clientConfiguration(), logger: ClientSession.makeLogger("gregor.bench"))
            var tally = StreamDeliveryTally()
            do {
                try await stream.start()
                for try await batch in stream.batches(pollTimeout: .milliseconds(100)) {
                    tally.add(batch, countOrder: countInversions)
                    if pollSleepMilliseconds > 0 { try await Task.sleep(for: .milliseconds(pollSleepMilliseconds)) }
                }
            } catch {
                await stream.close()
                throw error
            }
            let elapsed = clock.now - began
            let expected = stream.partitionStates.reduce(Int64(0)) { $0 + max(0, $1.replayEnd - $1.replayStart) }
            await stream.close()
            guard Int64(tally.records) <= expected else { throw CLIError("read \(tally.records) records, more than the \(expected) offsets replayed") }
            var line = #"{"client": "gregor", "operation": "stream", "setting": "batch \#(batchSize)", "records": \#(tally.records), "bytes": \#(tally.bytes), "seconds": \#(secondsOf(elapsed))"#
            if countInversions { line += #", "inversions": \#(tally.inversions), "late": \#(tally.late)"# }
            if let peak = ProcessMemory.peakResidentBytes { line += #", "peak_rss_bytes": \#(peak)"# }
            line += #", "memory_budget_bytes": \#(memoryBudgetMiB << 20)}"#
            print(line)
        }
    }
}
