import Gregor
import GregorCLISupport
import GregorTables

/// Prints a table's contents (and, when following, its changes) for `gregor table`.
struct TablePrinter {
    let format: OutputFormat

    func printPlain(_ table: KafkaTable<[UInt8], [UInt8]>, follow: Bool) async throws {
        try await table.start()
        do {
            try checkStatus(table.status, stats: table.stats)
            // Following: the changes after the printed snapshot, exactly (none missed, none again).
            let (snapshot, changes) = follow ? table.snapshotAndUpdates() : (table.snapshot(), nil)
            let keys = snapshot.keys.sorted { $0.lexicographicallyPrecedes($1) }
            let output = StandardOutput()
            let text = TableEntryText(keys: keys)
            if format == .table { try output.writeLine(text.header) }
            for key in keys {
                write(key: key, value: snapshot[key], text: text, to: output)
                try output.flushIfNeeded()
            }
            try output.flush()
            if let changes {
                for await change in changes {
                    switch change {
                    case .set(let key, let value): write(key: key, value: value, text: text, to: output)
                    case .deleted(let key, _): write(key: key, value: nil, text: text, to: output)
                    }
                    try output.flush()
                }
                try checkStatus(table.status, stats: table.stats)
            }
            await table.stop()
        } catch {
            await table.stop()
            throw error
        }
    }

    func printGrouped(_ table: GroupedKafkaTable<[UInt8]>, follow: Bool) async throws {
        try await table.start()
        do {
            try checkStatus(table.status, stats: table.stats)
            let (snapshot, changes) = follow ? table.snapshotAndUpdates() : (table.snapshot(), nil)
            let rows = snapshot.allMembers.sorted { ($0.group, $0.member) < ($1.group, $1.member) }
            let output = StandardOutput()
            let text = TableEntryText(groups: rows.map(\.group), members: rows.map(\.member))
            if format == .table { try output.writeLine(text.header) }
            for row in rows {
                write(group: row.group, member: row.member, value: row.value, text: text, to: output)
                try output.flushIfNeeded()
            }
            try output.flush()
            if let changes {
                for await change in changes {
                    switch change {
                    case .set(let group, let member, let value): write(group: group, member: member, value: value, text: text, to: output)
                    case .deleted(let group, let member, _): write(group: group, member: member, value: nil, text: text, to: output)
                    }
                    try output.flush()
                }
                try checkStatus(table.status, stats: table.stats)
            }
            await table.stop()
        } catch {
            await table.stop()
            throw error
        }
    }

    private func write(key: [UInt8], value: [UInt8]?, text: TableEntryText, to output: StandardOutput) {
        switch format {
        case .jsonl: TableEntryJSON.appendLine(key: key, value: value, to: &output.buffer)
        case .table:
            output.buffer.append(contentsOf: text.line(key: key, value: value).utf8)
            output.buffer.append(UInt8(ascii: "\n"))
        }
    }

    private func write(group: String, member: String, value: [UInt8]?, text: TableEntryText, to output: StandardOutput) {
        switch format {
        case .jsonl: TableEntryJSON.appendLine(group: group, member: member, value: value, to: &output.buffer)
        case .table:
            output.buffer.append(contentsOf: text.line(group: group, member: member, value: value).utf8)
            output.buffer.append(UInt8(ascii: "\n"))
        }
    }

    /// A failed table is an error; a degraded one prints with a warning on stderr.
    private func checkStatus(_ status: TableStatus, stats: TableStats) throws {
        switch status {
        case .failed(let error): throw CLIError("reading the table failed: \(error)")
        case .degraded: StandardError.writeLine("gregor: warning: the catch-up timed out; the table may be incomplete")
        default: break
        }
        if stats.recordsSkipped > 0 {
            StandardError.writeLine(
                "gregor: note: skipped \(stats.keylessRecords) keyless record(s)" + (stats.foreignKeys > 0 ? " and \(stats.foreignKeys) record(s) whose key is not a grouped key" : ""))
        }
    }
}
