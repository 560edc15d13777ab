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

/// An option whose values are the cases of a string enum (`--format`, `--until`), matched
/// case-insensitively.
struct CaseArgument<Value: RawRepresentable & CaseIterable>: ExpressibleByArgument where Value.RawValue == String {
    /// The parsed value.
    var value: Value

    init?(argument: String) {
        guard let value = Value(rawValue: argument.lowercased()) else { return nil }
        self.value = value
    }

    init(_ value: Value) {
        self.value = value
    }

    static var allValueStrings: [String] { Value.allCases.map(\.rawValue) }

    var defaultValueDescription: String { value.rawValue }
}
