import ArgumentParser
import Gregor

/// `gregor topics delete NAME`
struct TopicsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a topic.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The topic's name.")
    var name: String

    func run() async throws {
        try await runReportingErrors {
            try await ClientSession.withAdmin(connection) { admin in
                try await admin.deleteTopic(name)
            }
            let output = StandardOutput()
            try output.writeLine("deleted topic \(name)")
            try output.flush()
        }
    }
}
