import ArgumentParser
import Gregor

/// `gregor topics list`: one topic name per line, sorted.
struct TopicsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Print every topic's name, one per line.")

    @OptionGroup var connection: ConnectionOptions

    @Flag(name: .customLong("internal"), help: "Include internal topics such as __consumer_offsets.")
    var includeInternal = false

    func run() async throws {
        try await runReportingErrors {
            let names = try await ClientSession.withAdmin(connection) { admin in
                try await admin.listTopics(includeInternal: includeInternal)
            }
            let output = StandardOutput()
            for name in names { try output.writeLine(name) }
            try output.flush()
        }
    }
}
