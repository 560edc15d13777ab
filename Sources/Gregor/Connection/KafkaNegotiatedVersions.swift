import GregorProtocol

/// The version Gregor uses for each API on one connection: the highest version both Gregor and the
/// broker support, chosen from the broker's ApiVersions answer.
///
/// An API the broker lacks, or offers only below Kafka 4.0's floor (Gregor's minimum), has no
/// version; using it fails with `.unsupportedVersion` naming the API and both ranges.
public struct KafkaNegotiatedVersions: Sendable, Hashable {
    /// The broker's advertised range per API key.
    public let brokerRanges: [KafkaAPIKey: ClosedRange<Int16>]
    private let chosen: [KafkaAPI: Int16]
    private let gregorRanges: [KafkaAPI: ClosedRange<Int16>]

    /// Chooses versions from the broker's advertised ranges and the ranges Gregor speaks
    /// (default: every generated API's `supportedVersions`). Invalid broker ranges (min > max) are
    /// treated as absent.
    public init(
        brokerVersions: [ApiVersionsResponse.ApiVersion],
        gregorVersions: [KafkaAPI: ClosedRange<Int16>] = KafkaNegotiatedVersions.gregorSupportedVersions
    ) {
        var ranges: [KafkaAPIKey: ClosedRange<Int16>] = [:]
        for entry in brokerVersions where entry.minVersion <= entry.maxVersion && entry.minVersion >= 0 {
            ranges[entry.apiKey] = entry.minVersion...entry.maxVersion
        }
        var chosen: [KafkaAPI: Int16] = [:]
        for (api, ours) in gregorVersions {
            guard let theirs = ranges[api.rawValue], let version = Self.highestCommon(ours, theirs) else { continue }
            chosen[api] = version
        }
        self.brokerRanges = ranges
        self.chosen = chosen
        self.gregorRanges = gregorVersions
    }

    /// Every API Gregor has generated types for, with the versions it speaks.
    public static var gregorSupportedVersions: [KafkaAPI: ClosedRange<Int16>] {
        Dictionary(uniqueKeysWithValues: KafkaAPI.allCases.map { ($0, $0.supportedVersions) })
    }

    /// The highest version in both ranges, or `nil` when they do not overlap.
    public static func highestCommon(_ ours: ClosedRange<Int16>, _ theirs: ClosedRange<Int16>) -> Int16? {
        let high = min(ours.upperBound, theirs.upperBound)
        let low = max(ours.lowerBound, theirs.lowerBound)
        return low <= high ? high : nil
    }

    /// The negotiated version for `api`, or `nil` when there is none.
    public func version(for api: KafkaAPI) -> Int16? {
        chosen[api]
    }

    /// The negotiated version for `api`; throws `.unsupportedVersion` naming the API when none.
    public func requireVersion(for api: KafkaAPI, broker: String? = nil) throws(KafkaError) -> Int16 {
        if let version = chosen[api] { return version }
        let ours = gregorRanges[api] ?? api.supportedVersions
        let detail: String
        if let theirs = brokerRanges[api.rawValue] {
            detail = "the broker supports \(api.name) v\(theirs.lowerBound)-\(theirs.upperBound), Gregor needs v\(ours.lowerBound)-\(ours.upperBound) (Kafka 4.0's floor is the minimum)"
        } else {
            detail = "the broker does not offer \(api.name) at all (Gregor needs v\(ours.lowerBound)-\(ours.upperBound))"
        }
        throw KafkaError(.unsupportedVersion, "no common \(api.name) version: \(detail)", broker: broker)
    }

    /// The version to send for `api` when the caller asked for `requested` (or the negotiated one
    /// when `nil`); throws `.unsupportedVersion` when Gregor or the broker cannot use it.
    public func resolve(_ api: KafkaAPI, requested: Int16?, broker: String? = nil) throws(KafkaError) -> Int16 {
        guard let requested else { return try requireVersion(for: api, broker: broker) }
        let ours = gregorRanges[api] ?? api.supportedVersions
        guard ours.contains(requested) else {
            throw KafkaError(.unsupportedVersion, "Gregor cannot speak \(api.name) v\(requested) (it speaks v\(ours.lowerBound)-\(ours.upperBound))", broker: broker)
        }
        guard let theirs = brokerRanges[api.rawValue] else {
            throw KafkaError(.unsupportedVersion, "the broker does not offer \(api.name) at all", broker: broker)
        }
        guard theirs.contains(requested) else {
            throw KafkaError(.unsupportedVersion, "the broker does not support \(api.name) v\(requested) (it supports v\(theirs.lowerBound)-\(theirs.upperBound))", broker: broker)
        }
        return requested
    }
}
