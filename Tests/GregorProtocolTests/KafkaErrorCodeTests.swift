import GregorProtocol
import Testing

@Suite("Kafka error codes")
struct KafkaErrorCodeTests {
    /// Rows of Kafka 4.0's protocol guide ("Error Codes"): code, name, retriable.
    static let knownRows: [(code: Int16, name: String, retriable: Bool)] = [
        (-1, "UNKNOWN_SERVER_ERROR", false),
        (0, "NONE", false),
        (1, "OFFSET_OUT_OF_RANGE", false),
        (2, "CORRUPT_MESSAGE", true),
        (3, "UNKNOWN_TOPIC_OR_PARTITION", true),
        (6, "NOT_LEADER_OR_FOLLOWER", true),
        (7, "REQUEST_TIMED_OUT", true),
        (9, "REPLICA_NOT_AVAILABLE", true),
        (15, "COORDINATOR_NOT_AVAILABLE", true),
        (25, "UNKNOWN_MEMBER_ID", false),
        (27, "REBALANCE_IN_PROGRESS", false),
        (29, "TOPIC_AUTHORIZATION_FAILED", false),
        (35, "UNSUPPORTED_VERSION", false),
        (36, "TOPIC_ALREADY_EXISTS", false),
        (47, "INVALID_PRODUCER_EPOCH", false),
        (51, "CONCURRENT_TRANSACTIONS", true),
        (58, "SASL_AUTHENTICATION_FAILED", false),
        (59, "UNKNOWN_PRODUCER_ID", false),
        (74, "FENCED_LEADER_EPOCH", true),
        (89, "THROTTLING_QUOTA_EXCEEDED", true),
        (90, "PRODUCER_FENCED", false),
        (100, "UNKNOWN_TOPIC_ID", true),
        (120, "TRANSACTION_ABORTABLE", false),
        (128, "INVALID_REGULAR_EXPRESSION", false),
    ]

    @Test("known rows have Kafka's name and retriability")
    func knownRows() {
        for row in Self.knownRows {
            let entry = KafkaErrorCode.lookup(row.code)
            #expect(entry.code == row.code)
            #expect(entry.name == row.name, "code \(row.code)")
            #expect(entry.isRetriable == row.retriable, "code \(row.code) \(row.name)")
        }
    }

    @Test("named constants are the table's entries")
    func constants() {
        #expect(KafkaErrorCode.unknownTopicOrPartition == KafkaErrorCode.lookup(3))
        #expect(KafkaErrorCode.notLeaderOrFollower.code == 6)
        #expect(KafkaErrorCode.unsupportedVersion.code == 35)
        #expect(KafkaErrorCode.unknownProducerId.code == 59)
        #expect(KafkaErrorCode.unknownServerError.code == -1)
        #expect(KafkaErrorCode.none.code == 0)
        #expect(KafkaErrorCode.none.isSuccess)
        #expect(!KafkaErrorCode.unknownServerError.isSuccess)
        #expect(KafkaErrorCode.unknownTopicOrPartition.message == "This server does not host this topic-partition.")
    }

    @Test("no code appears twice, no name appears twice, and the table is in code order")
    func noDuplicates() {
        let codes = KafkaErrorCode.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        #expect(Set(KafkaErrorCode.all.map(\.name)).count == codes.count)
        #expect(codes == codes.sorted())
    }

    @Test("the table covers Kafka 4.0's codes: -1 through 129")
    func coverage() {
        let codes = Set(KafkaErrorCode.all.map(\.code))
        #expect(codes == Set(-1...129))
        for entry in KafkaErrorCode.all where entry.code != 0 {
            #expect(!entry.message.isEmpty, "\(entry.name) has no message")
            #expect(!entry.name.hasPrefix("UNKNOWN_CODE_"))
        }
    }

    @Test("an unknown code yields UNKNOWN_CODE_<n>, not retriable", arguments: [Int16(-2), 130, 999, .max, .min])
    func unknownCode(code: Int16) {
        let entry = KafkaErrorCode.lookup(code)
        #expect(entry.code == code)
        #expect(entry.name == "UNKNOWN_CODE_\(code)")
        #expect(!entry.isRetriable)
    }

    @Test("can be thrown and described")
    func throwable() {
        #expect(throws: KafkaErrorCode.notLeaderOrFollower) { throw KafkaErrorCode.lookup(6) }
        #expect(KafkaErrorCode.requestTimedOut.description == "REQUEST_TIMED_OUT (7): The request timed out.")
        #expect(KafkaErrorCode.none.description == "NONE (0)")
    }
}
