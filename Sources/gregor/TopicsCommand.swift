import ArgumentParser

/// `gregor topics …`: list, create, delete, describe.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "List, create, delete and describe topics.",
        subcommands: [TopicsListCommand.self, TopicsCreateCommand.self, TopicsDeleteCommand.self, TopicsDescribeCommand.self]
    )
}
