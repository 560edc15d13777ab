import GregorProtocol

/// A generated type with a deterministic sample value per version (see `Generated/*+CodegenSample.swift`,
/// written by `gregor-codegen --samples`).
protocol CodegenSampleable: KafkaEncodable, KafkaDecodable, Hashable {
    /// The versions the type encodes and decodes.
    static var supportedVersions: ClosedRange<Int16> { get }
    /// A value whose fields present at `version` all hold non-default values.
    static func codegenSample(version: Int16) -> Self
    /// The value with every field at its default.
    static func codegenDefault() -> Self
}
