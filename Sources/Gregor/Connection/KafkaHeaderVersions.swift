import GregorProtocol

/// Generated request types that know their header versions (`requestHeaderVersion(for:)`).
protocol KafkaRequestHeaderVersioning {
    /// The request header version sent with this body at `version`.
    static func requestHeaderVersion(for version: Int16) -> Int16
    /// The response header version the broker answers with at `version`.
    static func responseHeaderVersion(for version: Int16) -> Int16
}

extension ProduceRequest: KafkaRequestHeaderVersioning {}
extension FetchRequest: KafkaRequestHeaderVersioning {}
extension ListOffsetsRequest: KafkaRequestHeaderVersioning {}
extension MetadataRequest: KafkaRequestHeaderVersioning {}
extension SaslHandshakeRequest: KafkaRequestHeaderVersioning {}
extension ApiVersionsRequest: KafkaRequestHeaderVersioning {}
extension CreateTopicsRequest: KafkaRequestHeaderVersioning {}
extension DeleteTopicsRequest: KafkaRequestHeaderVersioning {}
extension DeleteRecordsRequest: KafkaRequestHeaderVersioning {}
extension InitProducerIdRequest: KafkaRequestHeaderVersioning {}
extension DescribeConfigsRequest: KafkaRequestHeaderVersioning {}
extension AlterConfigsRequest: KafkaRequestHeaderVersioning {}
extension SaslAuthenticateRequest: KafkaRequestHeaderVersioning {}
extension CreatePartitionsRequest: KafkaRequestHeaderVersioning {}
extension IncrementalAlterConfigsRequest: KafkaRequestHeaderVersioning {}
extension DescribeClusterRequest: KafkaRequestHeaderVersioning {}

/// Header versions for any request type: the generated answer when the type has one, else Kafka's
/// rule (flexible bodies use request header v2 / response header v1; ApiVersions responses always
/// use header v0).
enum KafkaHeaderVersions {
    /// The request header version for `R` at `version`.
    static func request<R: KafkaRequestMessage>(_ type: R.Type, version: Int16) -> Int16 {
        if let known = type as? any KafkaRequestHeaderVersioning.Type { return known.requestHeaderVersion(for: version) }
        return R.isFlexible(version) ? 2 : 1
    }

    /// The response header version for `R`'s response at `version`.
    static func response<R: KafkaRequestMessage>(_ type: R.Type, version: Int16) -> Int16 {
        if let known = type as? any KafkaRequestHeaderVersioning.Type { return known.responseHeaderVersion(for: version) }
        if R.apiKey == ApiVersionsRequest.apiKey { return 0 }
        return R.isFlexible(version) ? 1 : 0
    }

    /// The API's name for messages and metrics ("Produce", or "api 57" for keys Gregor lacks).
    static func apiName(_ key: KafkaAPIKey) -> String {
        KafkaAPI(rawValue: key)?.name ?? "api \(key)"
    }
}
