import GregorArrow
import GregorCLISupport
import GregorProtocol

/// An Arrow IPC file of consumed records (kafkars' message schema plus headers), one record batch
/// per stream batch.
final class ArrowFileOutput {
    private let writer: ArrowIPCFileWriter
    private let path: String
    private var finished = false

    /// Creates (or truncates) the file at `path`.
    init(path: String) throws {
        self.path = path
        do {
            writer = try ArrowIPCFileWriter(path: path)
        } catch {
            throw CLIError("cannot write \(path): \(error)")
        }
    }

    /// Appends rows `rows` of `batch` as one record batch.
    func write(_ batch: MessageBatch, rows: Range<Int>) throws {
        guard !rows.isEmpty else { return }
        let part: MessageBatch
        if rows == 0..<batch.count {
            part = batch
        } else {
            var builder = MessageBatchBuilder(capacity: rows.count)
            try builder.append(rows: rows, of: batch)
            part = builder.finish()
        }
        do {
            try writer.write(part)
        } catch {
            throw CLIError("cannot write \(path): \(error)")
        }
    }

    /// Writes the footer; the file is complete afterwards.
    func finish() throws {
        guard !finished else { return }
        finished = true
        do {
            try writer.finish()
        } catch {
            throw CLIError("cannot write \(path): \(error)")
        }
    }
}
