import ArgumentParser
import GregorCLISupport
import Gregor
import GregorProtocol

/// `--acks` values.
struct AcksArgument: ExpressibleByArgument {
    /// The parsed value.
    var acks: AcksOption

    init?(argument: String) {
        guard let acks = AcksOption(parsing: argument) else { return nil }
        self.acks = acks
    }

    init(_ acks: AcksOption) {
        self.acks = acks
    }

    static var allValueStrings: [String] { ["0", "1", "all"] }

    var defaultValueDescription: String { acks.rawValue }

    /// The producer setting.
    var producerAcks: ProducerConfiguration.Acks {
        switch acks {
        case .none: .none
        case .leader: .leader
        case .all: .all
        }
    }
}

/// `--format` values.
struct FormatArgument: ExpressibleByArgument {
    /// The parsed value.
    var format: OutputFormat

    init?(argument: String) {
        guard let format = OutputFormat(rawValue: argument.lowercased()) else { return nil }
        self.format = format
    }

    init(_ format: OutputFormat) {
        self.format = format
    }

    static var allValueStrings: [String] { OutputFormat.allCases.map(\.rawValue) }

    var defaultValueDescription: String { format.rawValue }
}

/// `--until` values.
struct UntilArgument: ExpressibleByArgument {
    /// The parsed value.
    var until: ConsumeUntil

    init?(argument: String) {
        guard let until = ConsumeUntil(rawValue: argument.lowercased()) else { return nil }
        self.until = until
    }

    init(_ until: ConsumeUntil) {
        self.until = until
    }

    static var allValueStrings: [String] { ConsumeUntil.allCases.map(\.rawValue) }

    var defaultValueDescription: String { until.rawValue }
}

/// `--compression` values.
struct CompressionArgument: ExpressibleByArgument {
    /// The codec.
    var codec: CompressionCodec

    init?(argument: String) {
        guard let codec = CompressionOption.parse(argument) else { return nil }
        self.codec = codec
    }

    init(codec: CompressionCodec) {
        self.codec = codec
    }

    var defaultValueDescription: String { codec.description }

    static var allValueStrings: [String] { CompressionCodec.allCases.map(\.description) }
}

/// `--format` of `gregor consume` (jsonl, table, arrow).
struct ConsumeFormatArgument: ExpressibleByArgument {
    /// The parsed value.
    var format: ConsumeFormat

    init?(argument: String) {
        guard let format = ConsumeFormat(rawValue: argument.lowercased()) else { return nil }
        self.format = format
    }

    init(_ format: ConsumeFormat) {
        self.format = format
    }

    static var allValueStrings: [String] { ConsumeFormat.allCases.map(\.rawValue) }
    var defaultValueDescription: String { format.rawValue }
}
