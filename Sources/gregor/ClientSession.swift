import Gregor
import GregorCLISupport
import Logging

/// The Kafka clients one command uses, created from its connection options and shut down after.
enum ClientSession {
    /// A logger that only reports problems (commands print their own output).
    static func makeLogger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .error
        return logger
    }

    /// Runs `body` with an admin client; shuts it down afterwards, also on error.
    static func withAdmin<Value>(
        _ options: ConnectionOptions, _ body: (KafkaAdmin) async throws -> Value
    ) async throws -> Value {
        let configuration = try options.clientConfiguration()
        let admin = try KafkaAdmin(configuration: configuration, logger: makeLogger("gregor.cli.admin"))
        do {
            let result = try await body(admin)
            await admin.shutdown()
            return result
        } catch {
            await admin.shutdown()
            throw error
        }
    }
}
