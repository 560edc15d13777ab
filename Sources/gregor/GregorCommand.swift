import ArgumentParser
import GregorCLISupport

/// The `gregor` command-line tool.
@main
struct GregorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gregor",
        abstract: "A native Swift toolkit for Apache Kafka.",
        discussion: """
            Every command connects to the brokers given with --bootstrap-server (or the \
            KAFKA_BOOTSTRAP_SERVERS environment variable). Failures print one line, \
            'gregor: error: …', on stderr and exit with a non-zero status.
            """,
        subcommands: [
            TopicsCommand.self, ProduceCommand.self, ConsumeCommand.self, TableCommand.self, TableSetCommand.self, TableDeleteCommand.self, TableDemoCommand.self,
            StreamDemoCommand.self,
            BenchCommand.self,
        ]
    )

    /// Parses the arguments and runs the command; every failure — a usage error or an operation
    /// that failed — becomes one `gregor: error: …` line on stderr and a non-zero exit status.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exitReporting(error, arguments: arguments)
        }
    }

    private static func exitReporting(_ error: any Error, arguments: [String]) -> Never {
        let code = exitCode(for: error)
        // Help, --version and explicit exit codes go through ArgumentParser unchanged.
        if code == .success || error is ExitCode || error is CleanExit {
            exit(withError: error)
        }
        var message = error is CLIError ? String(describing: error) : message(for: error)
        if message.isEmpty { message = String(describing: error) }
        if !(error is CLIError) && code == .validationFailure {
            message += " (see 'gregor \(helpPath(arguments))--help')"
        }
        StandardError.writeLine(cliErrorLine(message))
        exit(withError: ExitCode(code.rawValue == 0 ? 1 : code.rawValue))
    }

    /// The subcommand words at the start of `arguments`, for the `--help` hint of usage errors.
    private static func helpPath(_ arguments: [String]) -> String {
        var words: [String] = []
        var commandType: any ParsableCommand.Type = GregorCommand.self
        for argument in arguments {
            guard let next = commandType.configuration.subcommands.first(where: { $0._commandName == argument }) else { break }
            words.append(argument)
            commandType = next
        }
        return words.map { $0 + " " }.joined()
    }
}

/// Runs the async body of a command and turns any thrown error into a `CLIError` line + exit 1.
///
/// Kafka errors and CLI errors already print as one clear line; anything else is described
/// without a stack trace.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as CLIError {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch is CLIOutputClosed {
        // stdout was closed by the reader (`gregor consume … | head`): nothing left to do.
        throw ExitCode.success
    } catch {
        throw CLIError(String(describing: error))
    }
}

/// Writes whole lines to stderr, unbuffered.
enum StandardError {
    /// Writes `line` and a newline to stderr.
    static func writeLine(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        _ = bytes.withUnsafeBytes { FileDescriptorWriter.writeAll(fd: 2, $0) }
    }

    /// Writes `text` as it is (no newline) to stderr.
    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { FileDescriptorWriter.writeAll(fd: 2, $0) }
    }
}
