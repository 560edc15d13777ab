import GregorCLISupport
import GregorProtocol

/// Where `gregor consume` puts the records: JSON lines or a text table on standard output, or an
/// Arrow IPC file.
final class ConsumeSink {
    private enum Target {
        case jsonl(StandardOutput)
        case table(StandardOutput, RecordTable)
        case arrow(ArrowFileOutput)
    }

    private let target: Target

    private init(_ target: Target) {
        self.target = target
    }

    /// The sink for `format`; `output` is the Arrow file's path.
    static func make(format: ConsumeFormat, topics: [String], output: String?) throws -> ConsumeSink {
        switch format {
        case .jsonl: return ConsumeSink(.jsonl(StandardOutput()))
        case .table: return ConsumeSink(.table(StandardOutput(), RecordTable(topics: topics)))
        case .arrow:
            guard let output else { throw CLIError("--format arrow needs --output FILE") }
            return ConsumeSink(.arrow(try ArrowFileOutput(path: output)))
        }
    }

    /// Writes what comes before the records (the table's header).
    func begin() throws {
        if case .table(let output, let table) = target { try output.writeLine(table.header) }
    }

    /// Writes rows `rows` of `batch`.
    func write(_ batch: MessageBatch, rows: Range<Int>) throws {
        switch target {
        case .jsonl(let output):
            ConsumedRecordJSON.appendLines(of: batch, rows: rows, to: &output.buffer)
            try output.flushIfNeeded()
        case .table(let output, let table):
            table.appendLines(of: batch, rows: rows, to: &output.buffer)
            try output.flushIfNeeded()
        case .arrow(let file):
            try file.write(batch, rows: rows)
        }
    }

    /// Flushes standard output, or completes the Arrow file (footer).
    func finish() throws {
        switch target {
        case .jsonl(let output), .table(let output, _): try output.flush()
        case .arrow(let file): try file.finish()
        }
    }
}
