/// One Kafka API the generator emits: its name (the spec files are `<name>Request.json` and
/// `<name>Response.json`), its key, and Kafka 4.0's version floor (KIP-896).
struct APIEntry {
    /// The spec name without the `Request`/`Response` suffix.
    let name: String
    /// The API key (checked against the spec).
    let key: Int
    /// The lowest version Kafka 4.0 still accepts; `nil` means the spec's minimum.
    let floor: Int?
}

/// Every generated API. Adding an API is adding one line.
///
/// The specs are a 4.0-SNAPSHOT that still lists versions KIP-896 removed, hence the floors.
/// ApiVersions keeps v0: a client falls back to v0 when a broker answers UNSUPPORTED_VERSION (35).
let apiList: [APIEntry] = [
    APIEntry(name: "Produce", key: 0, floor: 3),
    APIEntry(name: "Fetch", key: 1, floor: 4),
    APIEntry(name: "ListOffsets", key: 2, floor: 1),
    APIEntry(name: "Metadata", key: 3, floor: nil),
    APIEntry(name: "SaslHandshake", key: 17, floor: nil),
    APIEntry(name: "ApiVersions", key: 18, floor: nil),
    APIEntry(name: "CreateTopics", key: 19, floor: 2),
    APIEntry(name: "DeleteTopics", key: 20, floor: 1),
    APIEntry(name: "DeleteRecords", key: 21, floor: nil),
    APIEntry(name: "InitProducerId", key: 22, floor: nil),
    APIEntry(name: "DescribeConfigs", key: 32, floor: 1),
    APIEntry(name: "AlterConfigs", key: 33, floor: 0),
    APIEntry(name: "SaslAuthenticate", key: 36, floor: nil),
    APIEntry(name: "CreatePartitions", key: 37, floor: nil),
    APIEntry(name: "IncrementalAlterConfigs", key: 44, floor: nil),
    APIEntry(name: "DescribeCluster", key: 60, floor: nil),
]

/// The header specs, generated with their full version range.
let headerList: [String] = ["RequestHeader", "ResponseHeader"]
