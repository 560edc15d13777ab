// Kafka's error codes: every code of the Kafka 4.0 protocol ("Error Codes" table of the protocol
// guide, https://kafka.apache.org/40/generated/protocol_errors.html), with its name, whether
// it is retriable, and its description.

/// A Kafka protocol error code with its name, retriability and description.
///
/// Response fields named `ErrorCode` hold these codes. Known codes have a named constant
/// (`KafkaErrorCode.unknownTopicOrPartition`); `lookup(_:)` maps any code, including codes newer
/// than this table, which come back as `UNKNOWN_CODE_<n>`, not retriable.
public struct KafkaErrorCode: Hashable, Sendable, Error, CustomStringConvertible {
    /// The numeric code on the wire.
    public let code: Int16
    /// Kafka's name for the code, for example `UNKNOWN_TOPIC_OR_PARTITION`.
    public let name: String
    /// Whether Kafka classifies the error as retriable (the request may succeed if retried,
    /// usually after refreshing metadata).
    public let isRetriable: Bool
    /// Kafka's description of the error (empty for `NONE`).
    public let message: String

    /// Creates an error code entry; use the constants or `lookup(_:)` for Kafka's codes.
    public init(code: Int16, name: String, isRetriable: Bool, message: String) {
        self.code = code
        self.name = name
        self.isRetriable = isRetriable
        self.message = message
    }

    /// True for code 0 (`NONE`), which means success.
    public var isSuccess: Bool { code == 0 }

    /// The name and code, followed by Kafka's description when there is one.
    public var description: String {
        message.isEmpty ? "\(name) (\(code))" : "\(name) (\(code)): \(message)"
    }

    /// The entry for `code`; a code missing from the table yields `UNKNOWN_CODE_<code>`, not retriable.
    public static func lookup(_ code: Int16) -> KafkaErrorCode {
        if let known = byCode[code] {
            return known
        }
        return KafkaErrorCode(
            code: code,
            name: "UNKNOWN_CODE_\(code)",
            isRetriable: false,
            message: "An error code this client does not know."
        )
    }

    /// Every code of the table, in code order.
    public static let all: [KafkaErrorCode] = [
        .unknownServerError,
        .none,
        .offsetOutOfRange,
        .corruptMessage,
        .unknownTopicOrPartition,
        .invalidFetchSize,
        .leaderNotAvailable,
        .notLeaderOrFollower,
        .requestTimedOut,
        .brokerNotAvailable,
        .replicaNotAvailable,
        .messageTooLarge,
        .staleControllerEpoch,
        .offsetMetadataTooLarge,
        .networkException,
        .coordinatorLoadInProgress,
        .coordinatorNotAvailable,
        .notCoordinator,
        .invalidTopicException,
        .recordListTooLarge,
        .notEnoughReplicas,
        .notEnoughReplicasAfterAppend,
        .invalidRequiredAcks,
        .illegalGeneration,
        .inconsistentGroupProtocol,
        .invalidGroupId,
        .unknownMemberId,
        .invalidSessionTimeout,
        .rebalanceInProgress,
        .invalidCommitOffsetSize,
        .topicAuthorizationFailed,
        .groupAuthorizationFailed,
        .clusterAuthorizationFailed,
        .invalidTimestamp,
        .unsupportedSaslMechanism,
        .illegalSaslState,
        .unsupportedVersion,
        .topicAlreadyExists,
        .invalidPartitions,
        .invalidReplicationFactor,
        .invalidReplicaAssignment,
        .invalidConfig,
        .notController,
        .invalidRequest,
        .unsupportedForMessageFormat,
        .policyViolation,
        .outOfOrderSequenceNumber,
        .duplicateSequenceNumber,
        .invalidProducerEpoch,
        .invalidTxnState,
        .invalidProducerIdMapping,
        .invalidTransactionTimeout,
        .concurrentTransactions,
        .transactionCoordinatorFenced,
        .transactionalIdAuthorizationFailed,
        .securityDisabled,
        .operationNotAttempted,
        .kafkaStorageError,
        .logDirNotFound,
        .saslAuthenticationFailed,
        .unknownProducerId,
        .reassignmentInProgress,
        .delegationTokenAuthDisabled,
        .delegationTokenNotFound,
        .delegationTokenOwnerMismatch,
        .delegationTokenRequestNotAllowed,
        .delegationTokenAuthorizationFailed,
        .delegationTokenExpired,
        .invalidPrincipalType,
        .nonEmptyGroup,
        .groupIdNotFound,
        .fetchSessionIdNotFound,
        .invalidFetchSessionEpoch,
        .listenerNotFound,
        .topicDeletionDisabled,
        .fencedLeaderEpoch,
        .unknownLeaderEpoch,
        .unsupportedCompressionType,
        .staleBrokerEpoch,
        .offsetNotAvailable,
        .memberIdRequired,
        .preferredLeaderNotAvailable,
        .groupMaxSizeReached,
        .fencedInstanceId,
        .eligibleLeadersNotAvailable,
        .electionNotNeeded,
        .noReassignmentInProgress,
        .groupSubscribedToTopic,
        .invalidRecord,
        .unstableOffsetCommit,
        .throttlingQuotaExceeded,
        .producerFenced,
        .resourceNotFound,
        .duplicateResource,
        .unacceptableCredential,
        .inconsistentVoterSet,
        .invalidUpdateVersion,
        .featureUpdateFailed,
        .principalDeserializationFailure,
        .snapshotNotFound,
        .positionOutOfRange,
        .unknownTopicId,
        .duplicateBrokerRegistration,
        .brokerIdNotRegistered,
        .inconsistentTopicId,
        .inconsistentClusterId,
        .transactionalIdNotFound,
        .fetchSessionTopicIdError,
        .ineligibleReplica,
        .newLeaderElected,
        .offsetMovedToTieredStorage,
        .fencedMemberEpoch,
        .unreleasedInstanceId,
        .unsupportedAssignor,
        .staleMemberEpoch,
        .mismatchedEndpointType,
        .unsupportedEndpointType,
        .unknownControllerId,
        .unknownSubscriptionId,
        .telemetryTooLarge,
        .invalidRegistration,
        .transactionAbortable,
        .invalidRecordState,
        .shareSessionNotFound,
        .invalidShareSessionEpoch,
        .fencedStateEpoch,
        .invalidVoterKey,
        .duplicateVoter,
        .voterNotFound,
        .invalidRegularExpression,
        .rebootstrapRequired,
    ]

    private static let byCode: [Int16: KafkaErrorCode] = Dictionary(
        all.map { ($0.code, $0) },
        uniquingKeysWith: { first, _ in first }
    )
}

extension KafkaErrorCode {
    /// -1: UNKNOWN_SERVER_ERROR.
    public static let unknownServerError = KafkaErrorCode(
        code: -1, name: "UNKNOWN_SERVER_ERROR", isRetriable: false,
        message: "The server experienced an unexpected error when processing the request."
    )
    /// 0: NONE.
    public static let none = KafkaErrorCode(
        code: 0, name: "NONE", isRetriable: false,
        message: ""
    )
    /// 1: OFFSET_OUT_OF_RANGE.
    public static let offsetOutOfRange = KafkaErrorCode(
        code: 1, name: "OFFSET_OUT_OF_RANGE", isRetriable: false,
        message: "The requested offset is not within the range of offsets maintained by the server."
    )
    /// 2: CORRUPT_MESSAGE (retriable).
    public static let corruptMessage = KafkaErrorCode(
        code: 2, name: "CORRUPT_MESSAGE", isRetriable: true,
        message: "This message has failed its CRC checksum, exceeds the valid size, has a null key for a compacted topic, or is otherwise corrupt."
    )
    /// 3: UNKNOWN_TOPIC_OR_PARTITION (retriable).
    public static let unknownTopicOrPartition = KafkaErrorCode(
        code: 3, name: "UNKNOWN_TOPIC_OR_PARTITION", isRetriable: true,
        message: "This server does not host this topic-partition."
    )
    /// 4: INVALID_FETCH_SIZE.
    public static let invalidFetchSize = KafkaErrorCode(
        code: 4, name: "INVALID_FETCH_SIZE", isRetriable: false,
        message: "The requested fetch size is invalid."
    )
    /// 5: LEADER_NOT_AVAILABLE (retriable).
    public static let leaderNotAvailable = KafkaErrorCode(
        code: 5, name: "LEADER_NOT_AVAILABLE", isRetriable: true,
        message: "There is no leader for this topic-partition as we are in the middle of a leadership election."
    )
    /// 6: NOT_LEADER_OR_FOLLOWER (retriable).
    public static let notLeaderOrFollower = KafkaErrorCode(
        code: 6, name: "NOT_LEADER_OR_FOLLOWER", isRetriable: true,
        message: "For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition."
    )
    /// 7: REQUEST_TIMED_OUT (retriable).
    public static let requestTimedOut = KafkaErrorCode(
        code: 7, name: "REQUEST_TIMED_OUT", isRetriable: true,
        message: "The request timed out."
    )
    /// 8: BROKER_NOT_AVAILABLE.
    public static let brokerNotAvailable = KafkaErrorCode(
        code: 8, name: "BROKER_NOT_AVAILABLE", isRetriable: false,
        message: "The broker is not available."
    )
    /// 9: REPLICA_NOT_AVAILABLE (retriable).
    public static let replicaNotAvailable = KafkaErrorCode(
        code: 9, name: "REPLICA_NOT_AVAILABLE", isRetriable: true,
        message: "The replica is not available for the requested topic-partition. Produce/Fetch requests and other requests intended only for the leader or follower return NOT_LEADER_OR_FOLLOWER if the broker is not a replica of the topic-partition."
    )
    /// 10: MESSAGE_TOO_LARGE.
    public static let messageTooLarge = KafkaErrorCode(
        code: 10, name: "MESSAGE_TOO_LARGE", isRetriable: false,
        message: "The request included a message larger than the max message size the server will accept."
    )
    /// 11: STALE_CONTROLLER_EPOCH.
    public static let staleControllerEpoch = KafkaErrorCode(
        code: 11, name: "STALE_CONTROLLER_EPOCH", isRetriable: false,
        message: "The controller moved to another broker."
    )
    /// 12: OFFSET_METADATA_TOO_LARGE.
    public static let offsetMetadataTooLarge = KafkaErrorCode(
        code: 12, name: "OFFSET_METADATA_TOO_LARGE", isRetriable: false,
        message: "The metadata field of the offset request was too large."
    )
    /// 13: NETWORK_EXCEPTION (retriable).
    public static let networkException = KafkaErrorCode(
        code: 13, name: "NETWORK_EXCEPTION", isRetriable: true,
        message: "The server disconnected before a response was received."
    )
    /// 14: COORDINATOR_LOAD_IN_PROGRESS (retriable).
    public static let coordinatorLoadInProgress = KafkaErrorCode(
        code: 14, name: "COORDINATOR_LOAD_IN_PROGRESS", isRetriable: true,
        message: "The coordinator is loading and hence can't process requests."
    )
    /// 15: COORDINATOR_NOT_AVAILABLE (retriable).
    public static let coordinatorNotAvailable = KafkaErrorCode(
        code: 15, name: "COORDINATOR_NOT_AVAILABLE", isRetriable: true,
        message: "The coordinator is not available."
    )
    /// 16: NOT_COORDINATOR (retriable).
    public static let notCoordinator = KafkaErrorCode(
        code: 16, name: "NOT_COORDINATOR", isRetriable: true,
        message: "This is not the correct coordinator."
    )
    /// 17: INVALID_TOPIC_EXCEPTION.
    public static let invalidTopicException = KafkaErrorCode(
        code: 17, name: "INVALID_TOPIC_EXCEPTION", isRetriable: false,
        message: "The request attempted to perform an operation on an invalid topic."
    )
    /// 18: RECORD_LIST_TOO_LARGE.
    public static let recordListTooLarge = KafkaErrorCode(
        code: 18, name: "RECORD_LIST_TOO_LARGE", isRetriable: false,
        message: "The request included message batch larger than the configured segment size on the server."
    )
    /// 19: NOT_ENOUGH_REPLICAS (retriable).
    public static let notEnoughReplicas = KafkaErrorCode(
        code: 19, name: "NOT_ENOUGH_REPLICAS", isRetriable: true,
        message: "Messages are rejected since there are fewer in-sync replicas than required."
    )
    /// 20: NOT_ENOUGH_REPLICAS_AFTER_APPEND (retriable).
    public static let notEnoughReplicasAfterAppend = KafkaErrorCode(
        code: 20, name: "NOT_ENOUGH_REPLICAS_AFTER_APPEND", isRetriable: true,
        message: "Messages are written to the log, but to fewer in-sync replicas than required."
    )
    /// 21: INVALID_REQUIRED_ACKS.
    public static let invalidRequiredAcks = KafkaErrorCode(
        code: 21, name: "INVALID_REQUIRED_ACKS", isRetriable: false,
        message: "Produce request specified an invalid value for required acks."
    )
    /// 22: ILLEGAL_GENERATION.
    public static let illegalGeneration = KafkaErrorCode(
        code: 22, name: "ILLEGAL_GENERATION", isRetriable: false,
        message: "Specified group generation id is not valid."
    )
    /// 23: INCONSISTENT_GROUP_PROTOCOL.
    public static let inconsistentGroupProtocol = KafkaErrorCode(
        code: 23, name: "INCONSISTENT_GROUP_PROTOCOL", isRetriable: false,
        message: "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list."
    )
    /// 24: INVALID_GROUP_ID.
    public static let invalidGroupId = KafkaErrorCode(
        code: 24, name: "INVALID_GROUP_ID", isRetriable: false,
        message: "The configured groupId is invalid."
    )
    /// 25: UNKNOWN_MEMBER_ID.
    public static let unknownMemberId = KafkaErrorCode(
        code: 25, name: "UNKNOWN_MEMBER_ID", isRetriable: false,
        message: "The coordinator is not aware of this member."
    )
    /// 26: INVALID_SESSION_TIMEOUT.
    public static let invalidSessionTimeout = KafkaErrorCode(
        code: 26, name: "INVALID_SESSION_TIMEOUT", isRetriable: false,
        message: "The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms)."
    )
    /// 27: REBALANCE_IN_PROGRESS.
    public static let rebalanceInProgress = KafkaErrorCode(
        code: 27, name: "REBALANCE_IN_PROGRESS", isRetriable: false,
        message: "The group is rebalancing, so a rejoin is needed."
    )
    /// 28: INVALID_COMMIT_OFFSET_SIZE.
    public static let invalidCommitOffsetSize = KafkaErrorCode(
        code: 28, name: "INVALID_COMMIT_OFFSET_SIZE", isRetriable: false,
        message: "The committing offset data size is not valid."
    )
    /// 29: TOPIC_AUTHORIZATION_FAILED.
    public static let topicAuthorizationFailed = KafkaErrorCode(
        code: 29, name: "TOPIC_AUTHORIZATION_FAILED", isRetriable: false,
        message: "Topic authorization failed."
    )
    /// 30: GROUP_AUTHORIZATION_FAILED.
    public static let groupAuthorizationFailed = KafkaErrorCode(
        code: 30, name: "GROUP_AUTHORIZATION_FAILED", isRetriable: false,
        message: "Group authorization failed."
    )
    /// 31: CLUSTER_AUTHORIZATION_FAILED.
    public static let clusterAuthorizationFailed = KafkaErrorCode(
        code: 31, name: "CLUSTER_AUTHORIZATION_FAILED", isRetriable: false,
        message: "Cluster authorization failed."
    )
    /// 32: INVALID_TIMESTAMP.
    public static let invalidTimestamp = KafkaErrorCode(
        code: 32, name: "INVALID_TIMESTAMP", isRetriable: false,
        message: "The timestamp of the message is out of acceptable range."
    )
    /// 33: UNSUPPORTED_SASL_MECHANISM.
    public static let unsupportedSaslMechanism = KafkaErrorCode(
        code: 33, name: "UNSUPPORTED_SASL_MECHANISM", isRetriable: false,
        message: "The broker does not support the requested SASL mechanism."
    )
    /// 34: ILLEGAL_SASL_STATE.
    public static let illegalSaslState = KafkaErrorCode(
        code: 34, name: "ILLEGAL_SASL_STATE", isRetriable: false,
        message: "Request is not valid given the current SASL state."
    )
    /// 35: UNSUPPORTED_VERSION.
    public static let unsupportedVersion = KafkaErrorCode(
        code: 35, name: "UNSUPPORTED_VERSION", isRetriable: false,
        message: "The version of API is not supported."
    )
    /// 36: TOPIC_ALREADY_EXISTS.
    public static let topicAlreadyExists = KafkaErrorCode(
        code: 36, name: "TOPIC_ALREADY_EXISTS", isRetriable: false,
        message: "Topic with this name already exists."
    )
    /// 37: INVALID_PARTITIONS.
    public static let invalidPartitions = KafkaErrorCode(
        code: 37, name: "INVALID_PARTITIONS", isRetriable: false,
        message: "Number of partitions is below 1."
    )
    /// 38: INVALID_REPLICATION_FACTOR.
    public static let invalidReplicationFactor = KafkaErrorCode(
        code: 38, name: "INVALID_REPLICATION_FACTOR", isRetriable: false,
        message: "Replication factor is below 1 or larger than the number of available brokers."
    )
    /// 39: INVALID_REPLICA_ASSIGNMENT.
    public static let invalidReplicaAssignment = KafkaErrorCode(
        code: 39, name: "INVALID_REPLICA_ASSIGNMENT", isRetriable: false,
        message: "Replica assignment is invalid."
    )
    /// 40: INVALID_CONFIG.
    public static let invalidConfig = KafkaErrorCode(
        code: 40, name: "INVALID_CONFIG", isRetriable: false,
        message: "Configuration is invalid."
    )
    /// 41: NOT_CONTROLLER (retriable).
    public static let notController = KafkaErrorCode(
        code: 41, name: "NOT_CONTROLLER", isRetriable: true,
        message: "This is not the correct controller for this cluster."
    )
    /// 42: INVALID_REQUEST.
    public static let invalidRequest = KafkaErrorCode(
        code: 42, name: "INVALID_REQUEST", isRetriable: false,
        message: "This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details."
    )
    /// 43: UNSUPPORTED_FOR_MESSAGE_FORMAT.
    public static let unsupportedForMessageFormat = KafkaErrorCode(
        code: 43, name: "UNSUPPORTED_FOR_MESSAGE_FORMAT", isRetriable: false,
        message: "The message format version on the broker does not support the request."
    )
    /// 44: POLICY_VIOLATION.
    public static let policyViolation = KafkaErrorCode(
        code: 44, name: "POLICY_VIOLATION", isRetriable: false,
        message: "Request parameters do not satisfy the configured policy."
    )
    /// 45: OUT_OF_ORDER_SEQUENCE_NUMBER.
    public static let outOfOrderSequenceNumber = KafkaErrorCode(
        code: 45, name: "OUT_OF_ORDER_SEQUENCE_NUMBER", isRetriable: false,
        message: "The broker received an out of order sequence number."
    )
    /// 46: DUPLICATE_SEQUENCE_NUMBER.
    public static let duplicateSequenceNumber = KafkaErrorCode(
        code: 46, name: "DUPLICATE_SEQUENCE_NUMBER", isRetriable: false,
        message: "The broker received a duplicate sequence number."
    )
    /// 47: INVALID_PRODUCER_EPOCH.
    public static let invalidProducerEpoch = KafkaErrorCode(
        code: 47, name: "INVALID_PRODUCER_EPOCH", isRetriable: false,
        message: "Producer attempted to produce with an old epoch."
    )
    /// 48: INVALID_TXN_STATE.
    public static let invalidTxnState = KafkaErrorCode(
        code: 48, name: "INVALID_TXN_STATE", isRetriable: false,
        message: "The producer attempted a transactional operation in an invalid state."
    )
    /// 49: INVALID_PRODUCER_ID_MAPPING.
    public static let invalidProducerIdMapping = KafkaErrorCode(
        code: 49, name: "INVALID_PRODUCER_ID_MAPPING", isRetriable: false,
        message: "The producer attempted to use a producer id which is not currently assigned to its transactional id."
    )
    /// 50: INVALID_TRANSACTION_TIMEOUT.
    public static let invalidTransactionTimeout = KafkaErrorCode(
        code: 50, name: "INVALID_TRANSACTION_TIMEOUT", isRetriable: false,
        message: "The transaction timeout is larger than the maximum value allowed by the broker (as configured by transaction.max.timeout.ms)."
    )
    /// 51: CONCURRENT_TRANSACTIONS (retriable).
    public static let concurrentTransactions = KafkaErrorCode(
        code: 51, name: "CONCURRENT_TRANSACTIONS", isRetriable: true,
        message: "The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing."
    )
    /// 52: TRANSACTION_COORDINATOR_FENCED.
    public static let transactionCoordinatorFenced = KafkaErrorCode(
        code: 52, name: "TRANSACTION_COORDINATOR_FENCED", isRetriable: false,
        message: "Indicates that the transaction coordinator sending a WriteTxnMarker is no longer the current coordinator for a given producer."
    )
    /// 53: TRANSACTIONAL_ID_AUTHORIZATION_FAILED.
    public static let transactionalIdAuthorizationFailed = KafkaErrorCode(
        code: 53, name: "TRANSACTIONAL_ID_AUTHORIZATION_FAILED", isRetriable: false,
        message: "Transactional Id authorization failed."
    )
    /// 54: SECURITY_DISABLED.
    public static let securityDisabled = KafkaErrorCode(
        code: 54, name: "SECURITY_DISABLED", isRetriable: false,
        message: "Security features are disabled."
    )
    /// 55: OPERATION_NOT_ATTEMPTED.
    public static let operationNotAttempted = KafkaErrorCode(
        code: 55, name: "OPERATION_NOT_ATTEMPTED", isRetriable: false,
        message: "The broker did not attempt to execute this operation. This may happen for batched RPCs where some operations in the batch failed, causing the broker to respond without trying the rest."
    )
    /// 56: KAFKA_STORAGE_ERROR (retriable).
    public static let kafkaStorageError = KafkaErrorCode(
        code: 56, name: "KAFKA_STORAGE_ERROR", isRetriable: true,
        message: "Disk error when trying to access log file on the disk."
    )
    /// 57: LOG_DIR_NOT_FOUND.
    public static let logDirNotFound = KafkaErrorCode(
        code: 57, name: "LOG_DIR_NOT_FOUND", isRetriable: false,
        message: "The user-specified log directory is not found in the broker config."
    )
    /// 58: SASL_AUTHENTICATION_FAILED.
    public static let saslAuthenticationFailed = KafkaErrorCode(
        code: 58, name: "SASL_AUTHENTICATION_FAILED", isRetriable: false,
        message: "SASL Authentication failed."
    )
    /// 59: UNKNOWN_PRODUCER_ID.
    public static let unknownProducerId = KafkaErrorCode(
        code: 59, name: "UNKNOWN_PRODUCER_ID", isRetriable: false,
        message: "This exception is raised by the broker if it could not locate the producer metadata associated with the producerId in question. This could happen if, for instance, the producer's records were deleted because their retention time had elapsed. Once the last records of the producerId are removed, the producer's metadata is removed from the broker, and future appends by the producer will return this exception."
    )
    /// 60: REASSIGNMENT_IN_PROGRESS.
    public static let reassignmentInProgress = KafkaErrorCode(
        code: 60, name: "REASSIGNMENT_IN_PROGRESS", isRetriable: false,
        message: "A partition reassignment is in progress."
    )
    /// 61: DELEGATION_TOKEN_AUTH_DISABLED.
    public static let delegationTokenAuthDisabled = KafkaErrorCode(
        code: 61, name: "DELEGATION_TOKEN_AUTH_DISABLED", isRetriable: false,
        message: "Delegation Token feature is not enabled."
    )
    /// 62: DELEGATION_TOKEN_NOT_FOUND.
    public static let delegationTokenNotFound = KafkaErrorCode(
        code: 62, name: "DELEGATION_TOKEN_NOT_FOUND", isRetriable: false,
        message: "Delegation Token is not found on server."
    )
    /// 63: DELEGATION_TOKEN_OWNER_MISMATCH.
    public static let delegationTokenOwnerMismatch = KafkaErrorCode(
        code: 63, name: "DELEGATION_TOKEN_OWNER_MISMATCH", isRetriable: false,
        message: "Specified Principal is not valid Owner/Renewer."
    )
    /// 64: DELEGATION_TOKEN_REQUEST_NOT_ALLOWED.
    public static let delegationTokenRequestNotAllowed = KafkaErrorCode(
        code: 64, name: "DELEGATION_TOKEN_REQUEST_NOT_ALLOWED", isRetriable: false,
        message: "Delegation Token requests are not allowed on PLAINTEXT/1-way SSL channels and on delegation token authenticated channels."
    )
    /// 65: DELEGATION_TOKEN_AUTHORIZATION_FAILED.
    public static let delegationTokenAuthorizationFailed = KafkaErrorCode(
        code: 65, name: "DELEGATION_TOKEN_AUTHORIZATION_FAILED", isRetriable: false,
        message: "Delegation Token authorization failed."
    )
    /// 66: DELEGATION_TOKEN_EXPIRED.
    public static let delegationTokenExpired = KafkaErrorCode(
        code: 66, name: "DELEGATION_TOKEN_EXPIRED", isRetriable: false,
        message: "Delegation Token is expired."
    )
    /// 67: INVALID_PRINCIPAL_TYPE.
    public static let invalidPrincipalType = KafkaErrorCode(
        code: 67, name: "INVALID_PRINCIPAL_TYPE", isRetriable: false,
        message: "Supplied principalType is not supported."
    )
    /// 68: NON_EMPTY_GROUP.
    public static let nonEmptyGroup = KafkaErrorCode(
        code: 68, name: "NON_EMPTY_GROUP", isRetriable: false,
        message: "The group is not empty."
    )
    /// 69: GROUP_ID_NOT_FOUND.
    public static let groupIdNotFound = KafkaErrorCode(
        code: 69, name: "GROUP_ID_NOT_FOUND", isRetriable: false,
        message: "The group id does not exist."
    )
    /// 70: FETCH_SESSION_ID_NOT_FOUND (retriable).
    public static let fetchSessionIdNotFound = KafkaErrorCode(
        code: 70, name: "FETCH_SESSION_ID_NOT_FOUND", isRetriable: true,
        message: "The fetch session ID was not found."
    )
    /// 71: INVALID_FETCH_SESSION_EPOCH (retriable).
    public static let invalidFetchSessionEpoch = KafkaErrorCode(
        code: 71, name: "INVALID_FETCH_SESSION_EPOCH", isRetriable: true,
        message: "The fetch session epoch is invalid."
    )
    /// 72: LISTENER_NOT_FOUND (retriable).
    public static let listenerNotFound = KafkaErrorCode(
        code: 72, name: "LISTENER_NOT_FOUND", isRetriable: true,
        message: "There is no listener on the leader broker that matches the listener on which metadata request was processed."
    )
    /// 73: TOPIC_DELETION_DISABLED.
    public static let topicDeletionDisabled = KafkaErrorCode(
        code: 73, name: "TOPIC_DELETION_DISABLED", isRetriable: false,
        message: "Topic deletion is disabled."
    )
    /// 74: FENCED_LEADER_EPOCH (retriable).
    public static let fencedLeaderEpoch = KafkaErrorCode(
        code: 74, name: "FENCED_LEADER_EPOCH", isRetriable: true,
        message: "The leader epoch in the request is older than the epoch on the broker."
    )
    /// 75: UNKNOWN_LEADER_EPOCH (retriable).
    public static let unknownLeaderEpoch = KafkaErrorCode(
        code: 75, name: "UNKNOWN_LEADER_EPOCH", isRetriable: true,
        message: "The leader epoch in the request is newer than the epoch on the broker."
    )
    /// 76: UNSUPPORTED_COMPRESSION_TYPE.
    public static let unsupportedCompressionType = KafkaErrorCode(
        code: 76, name: "UNSUPPORTED_COMPRESSION_TYPE", isRetriable: false,
        message: "The requesting client does not support the compression type of given partition."
    )
    /// 77: STALE_BROKER_EPOCH.
    public static let staleBrokerEpoch = KafkaErrorCode(
        code: 77, name: "STALE_BROKER_EPOCH", isRetriable: false,
        message: "Broker epoch has changed."
    )
    /// 78: OFFSET_NOT_AVAILABLE (retriable).
    public static let offsetNotAvailable = KafkaErrorCode(
        code: 78, name: "OFFSET_NOT_AVAILABLE", isRetriable: true,
        message: "The leader high watermark has not caught up from a recent leader election so the offsets cannot be guaranteed to be monotonically increasing."
    )
    /// 79: MEMBER_ID_REQUIRED.
    public static let memberIdRequired = KafkaErrorCode(
        code: 79, name: "MEMBER_ID_REQUIRED", isRetriable: false,
        message: "The group member needs to have a valid member id before actually entering a consumer group."
    )
    /// 80: PREFERRED_LEADER_NOT_AVAILABLE (retriable).
    public static let preferredLeaderNotAvailable = KafkaErrorCode(
        code: 80, name: "PREFERRED_LEADER_NOT_AVAILABLE", isRetriable: true,
        message: "The preferred leader was not available."
    )
    /// 81: GROUP_MAX_SIZE_REACHED.
    public static let groupMaxSizeReached = KafkaErrorCode(
        code: 81, name: "GROUP_MAX_SIZE_REACHED", isRetriable: false,
        message: "The consumer group has reached its max size."
    )
    /// 82: FENCED_INSTANCE_ID.
    public static let fencedInstanceId = KafkaErrorCode(
        code: 82, name: "FENCED_INSTANCE_ID", isRetriable: false,
        message: "The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id."
    )
    /// 83: ELIGIBLE_LEADERS_NOT_AVAILABLE (retriable).
    public static let eligibleLeadersNotAvailable = KafkaErrorCode(
        code: 83, name: "ELIGIBLE_LEADERS_NOT_AVAILABLE", isRetriable: true,
        message: "Eligible topic partition leaders are not available."
    )
    /// 84: ELECTION_NOT_NEEDED (retriable).
    public static let electionNotNeeded = KafkaErrorCode(
        code: 84, name: "ELECTION_NOT_NEEDED", isRetriable: true,
        message: "Leader election not needed for topic partition."
    )
    /// 85: NO_REASSIGNMENT_IN_PROGRESS.
    public static let noReassignmentInProgress = KafkaErrorCode(
        code: 85, name: "NO_REASSIGNMENT_IN_PROGRESS", isRetriable: false,
        message: "No partition reassignment is in progress."
    )
    /// 86: GROUP_SUBSCRIBED_TO_TOPIC.
    public static let groupSubscribedToTopic = KafkaErrorCode(
        code: 86, name: "GROUP_SUBSCRIBED_TO_TOPIC", isRetriable: false,
        message: "Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it."
    )
    /// 87: INVALID_RECORD.
    public static let invalidRecord = KafkaErrorCode(
        code: 87, name: "INVALID_RECORD", isRetriable: false,
        message: "This record has failed the validation on broker and hence will be rejected."
    )
    /// 88: UNSTABLE_OFFSET_COMMIT (retriable).
    public static let unstableOffsetCommit = KafkaErrorCode(
        code: 88, name: "UNSTABLE_OFFSET_COMMIT", isRetriable: true,
        message: "There are unstable offsets that need to be cleared."
    )
    /// 89: THROTTLING_QUOTA_EXCEEDED (retriable).
    public static let throttlingQuotaExceeded = KafkaErrorCode(
        code: 89, name: "THROTTLING_QUOTA_EXCEEDED", isRetriable: true,
        message: "The throttling quota has been exceeded."
    )
    /// 90: PRODUCER_FENCED.
    public static let producerFenced = KafkaErrorCode(
        code: 90, name: "PRODUCER_FENCED", isRetriable: false,
        message: "There is a newer producer with the same transactionalId which fences the current one."
    )
    /// 91: RESOURCE_NOT_FOUND.
    public static let resourceNotFound = KafkaErrorCode(
        code: 91, name: "RESOURCE_NOT_FOUND", isRetriable: false,
        message: "A request illegally referred to a resource that does not exist."
    )
    /// 92: DUPLICATE_RESOURCE.
    public static let duplicateResource = KafkaErrorCode(
        code: 92, name: "DUPLICATE_RESOURCE", isRetriable: false,
        message: "A request illegally referred to the same resource twice."
    )
    /// 93: UNACCEPTABLE_CREDENTIAL.
    public static let unacceptableCredential = KafkaErrorCode(
        code: 93, name: "UNACCEPTABLE_CREDENTIAL", isRetriable: false,
        message: "Requested credential would not meet criteria for acceptability."
    )
    /// 94: INCONSISTENT_VOTER_SET.
    public static let inconsistentVoterSet = KafkaErrorCode(
        code: 94, name: "INCONSISTENT_VOTER_SET", isRetriable: false,
        message: "Indicates that the either the sender or recipient of a voter-only request is not one of the expected voters."
    )
    /// 95: INVALID_UPDATE_VERSION.
    public static let invalidUpdateVersion = KafkaErrorCode(
        code: 95, name: "INVALID_UPDATE_VERSION", isRetriable: false,
        message: "The given update version was invalid."
    )
    /// 96: FEATURE_UPDATE_FAILED.
    public static let featureUpdateFailed = KafkaErrorCode(
        code: 96, name: "FEATURE_UPDATE_FAILED", isRetriable: false,
        message: "Unable to update finalized features due to an unexpected server error."
    )
    /// 97: PRINCIPAL_DESERIALIZATION_FAILURE.
    public static let principalDeserializationFailure = KafkaErrorCode(
        code: 97, name: "PRINCIPAL_DESERIALIZATION_FAILURE", isRetriable: false,
        message: "Request principal deserialization failed during forwarding. This indicates an internal error on the broker cluster security setup."
    )
    /// 98: SNAPSHOT_NOT_FOUND.
    public static let snapshotNotFound = KafkaErrorCode(
        code: 98, name: "SNAPSHOT_NOT_FOUND", isRetriable: false,
        message: "Requested snapshot was not found."
    )
    /// 99: POSITION_OUT_OF_RANGE.
    public static let positionOutOfRange = KafkaErrorCode(
        code: 99, name: "POSITION_OUT_OF_RANGE", isRetriable: false,
        message: "Requested position is not greater than or equal to zero, and less than the size of the snapshot."
    )
    /// 100: UNKNOWN_TOPIC_ID (retriable).
    public static let unknownTopicId = KafkaErrorCode(
        code: 100, name: "UNKNOWN_TOPIC_ID", isRetriable: true,
        message: "This server does not host this topic ID."
    )
    /// 101: DUPLICATE_BROKER_REGISTRATION.
    public static let duplicateBrokerRegistration = KafkaErrorCode(
        code: 101, name: "DUPLICATE_BROKER_REGISTRATION", isRetriable: false,
        message: "This broker ID is already in use."
    )
    /// 102: BROKER_ID_NOT_REGISTERED.
    public static let brokerIdNotRegistered = KafkaErrorCode(
        code: 102, name: "BROKER_ID_NOT_REGISTERED", isRetriable: false,
        message: "The given broker ID was not registered."
    )
    /// 103: INCONSISTENT_TOPIC_ID (retriable).
    public static let inconsistentTopicId = KafkaErrorCode(
        code: 103, name: "INCONSISTENT_TOPIC_ID", isRetriable: true,
        message: "The log's topic ID did not match the topic ID in the request."
    )
    /// 104: INCONSISTENT_CLUSTER_ID.
    public static let inconsistentClusterId = KafkaErrorCode(
        code: 104, name: "INCONSISTENT_CLUSTER_ID", isRetriable: false,
        message: "The clusterId in the request does not match that found on the server."
    )
    /// 105: TRANSACTIONAL_ID_NOT_FOUND.
    public static let transactionalIdNotFound = KafkaErrorCode(
        code: 105, name: "TRANSACTIONAL_ID_NOT_FOUND", isRetriable: false,
        message: "The transactionalId could not be found."
    )
    /// 106: FETCH_SESSION_TOPIC_ID_ERROR (retriable).
    public static let fetchSessionTopicIdError = KafkaErrorCode(
        code: 106, name: "FETCH_SESSION_TOPIC_ID_ERROR", isRetriable: true,
        message: "The fetch session encountered inconsistent topic ID usage."
    )
    /// 107: INELIGIBLE_REPLICA.
    public static let ineligibleReplica = KafkaErrorCode(
        code: 107, name: "INELIGIBLE_REPLICA", isRetriable: false,
        message: "The new ISR contains at least one ineligible replica."
    )
    /// 108: NEW_LEADER_ELECTED.
    public static let newLeaderElected = KafkaErrorCode(
        code: 108, name: "NEW_LEADER_ELECTED", isRetriable: false,
        message: "The AlterPartition request successfully updated the partition state but the leader has changed."
    )
    /// 109: OFFSET_MOVED_TO_TIERED_STORAGE.
    public static let offsetMovedToTieredStorage = KafkaErrorCode(
        code: 109, name: "OFFSET_MOVED_TO_TIERED_STORAGE", isRetriable: false,
        message: "The requested offset is moved to tiered storage."
    )
    /// 110: FENCED_MEMBER_EPOCH.
    public static let fencedMemberEpoch = KafkaErrorCode(
        code: 110, name: "FENCED_MEMBER_EPOCH", isRetriable: false,
        message: "The member epoch is fenced by the group coordinator. The member must abandon all its partitions and rejoin."
    )
    /// 111: UNRELEASED_INSTANCE_ID.
    public static let unreleasedInstanceId = KafkaErrorCode(
        code: 111, name: "UNRELEASED_INSTANCE_ID", isRetriable: false,
        message: "The instance ID is still used by another member in the consumer group. That member must leave first."
    )
    /// 112: UNSUPPORTED_ASSIGNOR.
    public static let unsupportedAssignor = KafkaErrorCode(
        code: 112, name: "UNSUPPORTED_ASSIGNOR", isRetriable: false,
        message: "The assignor or its version range is not supported by the consumer group."
    )
    /// 113: STALE_MEMBER_EPOCH.
    public static let staleMemberEpoch = KafkaErrorCode(
        code: 113, name: "STALE_MEMBER_EPOCH", isRetriable: false,
        message: "The member epoch is stale. The member must retry after receiving its updated member epoch via the ConsumerGroupHeartbeat API."
    )
    /// 114: MISMATCHED_ENDPOINT_TYPE.
    public static let mismatchedEndpointType = KafkaErrorCode(
        code: 114, name: "MISMATCHED_ENDPOINT_TYPE", isRetriable: false,
        message: "The request was sent to an endpoint of the wrong type."
    )
    /// 115: UNSUPPORTED_ENDPOINT_TYPE.
    public static let unsupportedEndpointType = KafkaErrorCode(
        code: 115, name: "UNSUPPORTED_ENDPOINT_TYPE", isRetriable: false,
        message: "This endpoint type is not supported yet."
    )
    /// 116: UNKNOWN_CONTROLLER_ID.
    public static let unknownControllerId = KafkaErrorCode(
        code: 116, name: "UNKNOWN_CONTROLLER_ID", isRetriable: false,
        message: "This controller ID is not known."
    )
    /// 117: UNKNOWN_SUBSCRIPTION_ID.
    public static let unknownSubscriptionId = KafkaErrorCode(
        code: 117, name: "UNKNOWN_SUBSCRIPTION_ID", isRetriable: false,
        message: "Client sent a push telemetry request with an invalid or outdated subscription ID."
    )
    /// 118: TELEMETRY_TOO_LARGE.
    public static let telemetryTooLarge = KafkaErrorCode(
        code: 118, name: "TELEMETRY_TOO_LARGE", isRetriable: false,
        message: "Client sent a push telemetry request larger than the maximum size the broker will accept."
    )
    /// 119: INVALID_REGISTRATION.
    public static let invalidRegistration = KafkaErrorCode(
        code: 119, name: "INVALID_REGISTRATION", isRetriable: false,
        message: "The controller has considered the broker registration to be invalid."
    )
    /// 120: TRANSACTION_ABORTABLE.
    public static let transactionAbortable = KafkaErrorCode(
        code: 120, name: "TRANSACTION_ABORTABLE", isRetriable: false,
        message: "The server encountered an error with the transaction. The client can abort the transaction to continue using this transactional ID."
    )
    /// 121: INVALID_RECORD_STATE.
    public static let invalidRecordState = KafkaErrorCode(
        code: 121, name: "INVALID_RECORD_STATE", isRetriable: false,
        message: "The record state is invalid. The acknowledgement of delivery could not be completed."
    )
    /// 122: SHARE_SESSION_NOT_FOUND (retriable).
    public static let shareSessionNotFound = KafkaErrorCode(
        code: 122, name: "SHARE_SESSION_NOT_FOUND", isRetriable: true,
        message: "The share session was not found."
    )
    /// 123: INVALID_SHARE_SESSION_EPOCH (retriable).
    public static let invalidShareSessionEpoch = KafkaErrorCode(
        code: 123, name: "INVALID_SHARE_SESSION_EPOCH", isRetriable: true,
        message: "The share session epoch is invalid."
    )
    /// 124: FENCED_STATE_EPOCH.
    public static let fencedStateEpoch = KafkaErrorCode(
        code: 124, name: "FENCED_STATE_EPOCH", isRetriable: false,
        message: "The share coordinator rejected the request because the share-group state epoch did not match."
    )
    /// 125: INVALID_VOTER_KEY.
    public static let invalidVoterKey = KafkaErrorCode(
        code: 125, name: "INVALID_VOTER_KEY", isRetriable: false,
        message: "The voter key doesn't match the receiving replica's key."
    )
    /// 126: DUPLICATE_VOTER.
    public static let duplicateVoter = KafkaErrorCode(
        code: 126, name: "DUPLICATE_VOTER", isRetriable: false,
        message: "The voter is already part of the set of voters."
    )
    /// 127: VOTER_NOT_FOUND.
    public static let voterNotFound = KafkaErrorCode(
        code: 127, name: "VOTER_NOT_FOUND", isRetriable: false,
        message: "The voter is not part of the set of voters."
    )
    /// 128: INVALID_REGULAR_EXPRESSION.
    public static let invalidRegularExpression = KafkaErrorCode(
        code: 128, name: "INVALID_REGULAR_EXPRESSION", isRetriable: false,
        message: "The regular expression is not valid."
    )
    /// 129: REBOOTSTRAP_REQUIRED.
    public static let rebootstrapRequired = KafkaErrorCode(
        code: 129, name: "REBOOTSTRAP_REQUIRED", isRetriable: false,
        message: "Client metadata is stale. The client should rebootstrap to obtain new metadata."
    )
}
