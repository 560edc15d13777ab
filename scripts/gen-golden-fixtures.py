#!/usr/bin/env python3
"""Writes the golden protocol fixtures of Tests/GregorProtocolTests/Fixtures/golden/.

An independent implementation of the Kafka protocol, kafka-python's protocol classes
(kafka-python 3.0.12 from PyPI), encodes real requests and responses at several versions
each, flexible and non-flexible. Gregor's tests (GoldenProtocolTests.swift) build the same
values in Swift and must produce exactly these bytes, and must decode these bytes into the
values kafka-python reads back from them.

Regenerate (from the repository root):

    bash scripts/setup-python.sh            # creates .venv with kafka-python==3.0.12
    .venv/bin/python scripts/gen-golden-fixtures.py

Files written, for every case below:
    <api>-<request|response>-v<N>.hex   the body bytes, as one line of lowercase hex
    <api>-<request|response>-v<N>.json  the fields kafka-python decodes from those bytes
                                        (snake_case names; bytes as {"bytes": hex}; UUIDs as text)
and the headers:
    request-header-v1.hex, request-header-v2.hex, request-header-v2-null-client-id.hex,
    response-header-v0.hex, response-header-v1.hex

The values here must stay in step with the Swift builders in GoldenProtocolTests.swift.
"""

import json
import os
import sys
import uuid

import kafka
from kafka.protocol.admin import (
    AlterConfigsRequest, AlterConfigsResponse, CreatePartitionsRequest, CreatePartitionsResponse,
    CreateTopicsRequest, CreateTopicsResponse, DeleteRecordsRequest, DeleteRecordsResponse,
    DeleteTopicsRequest, DeleteTopicsResponse, DescribeClusterRequest, DescribeClusterResponse,
    DescribeConfigsRequest, DescribeConfigsResponse, IncrementalAlterConfigsRequest,
    IncrementalAlterConfigsResponse,
)
from kafka.protocol.api_header import RequestHeader, ResponseHeader
from kafka.protocol.consumer import FetchRequest, FetchResponse, ListOffsetsRequest, ListOffsetsResponse
from kafka.protocol.metadata import ApiVersionsRequest, ApiVersionsResponse, MetadataRequest, MetadataResponse
from kafka.protocol.producer import InitProducerIdRequest, InitProducerIdResponse, ProduceRequest, ProduceResponse
from kafka.protocol.sasl import SaslAuthenticateRequest, SaslAuthenticateResponse, SaslHandshakeRequest, SaslHandshakeResponse

REQUIRED_VERSION = "3.0.12"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "GregorProtocolTests", "Fixtures", "golden")

TOPIC_ID = uuid.UUID("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
OTHER_TOPIC_ID = uuid.UUID("00112233-4455-6677-8899-aabbccddeeff")
RECORDS = bytes(range(0x10, 0x30))  # stands for a record batch: the protocol layer treats it as opaque bytes

CASES = []


def case(api, kind, versions):
    def register(builder):
        CASES.append((api, kind, versions, builder))
        return builder
    return register


# ---------------------------------------------------------------- ApiVersions

@case("api-versions", "request", [0, 2, 3, 4])
def api_versions_request(v):
    return ApiVersionsRequest(client_software_name="gregor", client_software_version="0.1.0")


@case("api-versions", "response", [0, 1, 2, 3, 4])
def api_versions_response(v):
    K = ApiVersionsResponse.ApiVersion
    F = ApiVersionsResponse.SupportedFeatureKey
    G = ApiVersionsResponse.FinalizedFeatureKey
    return ApiVersionsResponse(
        error_code=0,
        api_keys=[K(api_key=0, min_version=3, max_version=11), K(api_key=1, min_version=4, max_version=17),
                  K(api_key=18, min_version=0, max_version=4)],
        throttle_time_ms=25,
        supported_features=[F(name="metadata.version", min_version=1, max_version=21)],
        finalized_features_epoch=42,
        finalized_features=[G(name="metadata.version", max_version_level=21, min_version_level=21)],
        zk_migration_ready=True,
    )


# ---------------------------------------------------------------- Metadata

@case("metadata", "request", [0, 1, 4, 8, 9, 10, 11, 12])
def metadata_request(v):
    T = MetadataRequest.MetadataRequestTopic
    return MetadataRequest(
        topics=[T(topic_id=None, name="orders"), T(topic_id=None, name="payments")],
        allow_auto_topic_creation=False,
        include_cluster_authorized_operations=True,
        include_topic_authorized_operations=True,
    )


@case("metadata", "response", [0, 1, 3, 5, 7, 8, 9, 10, 12])
def metadata_response(v):
    B = MetadataResponse.MetadataResponseBroker
    T = MetadataResponse.MetadataResponseTopic
    P = T.MetadataResponsePartition
    return MetadataResponse(
        throttle_time_ms=7,
        brokers=[B(node_id=1, host="broker-1.example", port=9092, rack="rack-a"),
                 B(node_id=2, host="broker-2.example", port=9093, rack=None)],
        cluster_id="cluster-xyz",
        controller_id=2,
        topics=[T(error_code=0, name="orders", topic_id=TOPIC_ID, is_internal=False,
                  partitions=[P(error_code=0, partition_index=0, leader_id=1, leader_epoch=5,
                                replica_nodes=[1, 2], isr_nodes=[1, 2], offline_replicas=[]),
                              P(error_code=9, partition_index=1, leader_id=2, leader_epoch=6,
                                replica_nodes=[2, 1], isr_nodes=[2], offline_replicas=[1])],
                  # kafka-python renames *AuthorizedOperations to authorized_operations, a set of bits.
                  authorized_operations=set(range(3, 12)))],  # 0x0FF8
        authorized_operations={3, 5, 7, 9, 11},  # 0x0AA8
    )


# ---------------------------------------------------------------- Produce

@case("produce", "request", [3, 7, 8, 9, 11])
def produce_request(v):
    T = ProduceRequest.TopicProduceData
    P = T.PartitionProduceData
    return ProduceRequest(
        transactional_id="txn-1" if v >= 4 else None,
        acks=-1,
        timeout_ms=30000,
        topic_data=[T(name="orders", partition_data=[P(index=0, records=RECORDS), P(index=3, records=None)])],
    )


@case("produce", "response", [3, 5, 8, 9, 10, 11])
def produce_response(v):
    T = ProduceResponse.TopicProduceResponse
    P = T.PartitionProduceResponse
    E = P.BatchIndexAndErrorMessage
    L = P.LeaderIdAndEpoch
    N = ProduceResponse.NodeEndpoint
    return ProduceResponse(
        responses=[T(name="orders", partition_responses=[
            P(index=0, error_code=0, base_offset=1000, log_append_time_ms=-1, log_start_offset=10,
              record_errors=[E(batch_index=2, batch_index_error_message="bad record")], error_message=None,
              current_leader=L(leader_id=3, leader_epoch=8) if v >= 10 else None),
            P(index=1, error_code=6, base_offset=-1, log_append_time_ms=1700000000000, log_start_offset=-1,
              record_errors=[], error_message="not leader"),
        ])],
        throttle_time_ms=3,
        node_endpoints=[N(node_id=3, host="broker-3.example", port=9094, rack=None)] if v >= 10 else [],
    )


# ---------------------------------------------------------------- Fetch

@case("fetch", "request", [4, 5, 7, 11, 12, 13, 15, 17])
def fetch_request(v):
    T = FetchRequest.FetchTopic
    P = T.FetchPartition
    F = FetchRequest.ForgottenTopic
    return FetchRequest(
        cluster_id=None,
        replica_id=-1,
        max_wait_ms=500,
        min_bytes=1,
        max_bytes=52428800,
        isolation_level=1,
        session_id=77 if v >= 7 else 0,
        session_epoch=3 if v >= 7 else -1,
        topics=[T(topic="orders", topic_id=TOPIC_ID, partitions=[
            P(partition=0, current_leader_epoch=5, fetch_offset=12345, last_fetched_epoch=4,
              log_start_offset=-1, partition_max_bytes=1048576),
            P(partition=2, current_leader_epoch=-1, fetch_offset=0, last_fetched_epoch=-1,
              log_start_offset=-1, partition_max_bytes=65536),
        ])],
        forgotten_topics_data=[F(topic="old", topic_id=OTHER_TOPIC_ID, partitions=[1, 4])] if v >= 7 else [],
        rack_id="rack-a" if v >= 11 else "",
    )


@case("fetch", "response", [4, 5, 7, 11, 12, 13, 16, 17])
def fetch_response(v):
    T = FetchResponse.FetchableTopicResponse
    P = T.PartitionData
    A = P.AbortedTransaction
    N = FetchResponse.NodeEndpoint
    partitions = [
        P(partition_index=0, error_code=0, high_watermark=2000, last_stable_offset=1990,
          log_start_offset=100 if v >= 5 else -1,
          current_leader=P.LeaderIdAndEpoch(leader_id=1, leader_epoch=9) if v >= 12 else None,
          aborted_transactions=[A(producer_id=4001, first_offset=1500)],
          preferred_read_replica=2 if v >= 11 else -1, records=RECORDS),
        P(partition_index=1, error_code=1, high_watermark=-1, last_stable_offset=-1, log_start_offset=-1,
          aborted_transactions=None, preferred_read_replica=-1, records=None),
    ]
    return FetchResponse(
        throttle_time_ms=11,
        error_code=0,
        session_id=77 if v >= 7 else 0,
        responses=[T(topic="orders", topic_id=TOPIC_ID, partitions=partitions)],
        node_endpoints=[N(node_id=1, host="broker-1.example", port=9092, rack="rack-a")] if v >= 16 else [],
    )


# ---------------------------------------------------------------- ListOffsets

@case("list-offsets", "request", [1, 2, 4, 6, 8, 10])
def list_offsets_request(v):
    T = ListOffsetsRequest.ListOffsetsTopic
    P = T.ListOffsetsPartition
    return ListOffsetsRequest(
        replica_id=-1,
        isolation_level=1 if v >= 2 else 0,
        topics=[T(name="orders", partitions=[P(partition_index=0, current_leader_epoch=5 if v >= 4 else -1, timestamp=-1),
                                             P(partition_index=1, current_leader_epoch=-1, timestamp=1700000000000)])],
        timeout_ms=2500 if v >= 10 else 0,
    )


@case("list-offsets", "response", [1, 2, 4, 6, 10])
def list_offsets_response(v):
    T = ListOffsetsResponse.ListOffsetsTopicResponse
    P = T.ListOffsetsPartitionResponse
    return ListOffsetsResponse(
        throttle_time_ms=4 if v >= 2 else 0,
        topics=[T(name="orders", partitions=[
            P(partition_index=0, error_code=0, timestamp=-1, offset=5000, leader_epoch=7 if v >= 4 else -1),
            P(partition_index=1, error_code=0, timestamp=1700000000000, offset=4000, leader_epoch=-1),
        ])],
    )


# ---------------------------------------------------------------- InitProducerId

@case("init-producer-id", "request", [0, 2, 3, 5])
def init_producer_id_request(v):
    return InitProducerIdRequest(transactional_id="txn-1", transaction_timeout_ms=60000,
                                 producer_id=9000 if v >= 3 else -1, producer_epoch=2 if v >= 3 else -1)


@case("init-producer-id", "response", [0, 2, 5])
def init_producer_id_response(v):
    return InitProducerIdResponse(throttle_time_ms=0, error_code=0, producer_id=9001, producer_epoch=3)


# ---------------------------------------------------------------- SASL

@case("sasl-handshake", "request", [0, 1])
def sasl_handshake_request(v):
    return SaslHandshakeRequest(mechanism="SCRAM-SHA-512")


@case("sasl-handshake", "response", [0, 1])
def sasl_handshake_response(v):
    return SaslHandshakeResponse(error_code=0, mechanisms=["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])


@case("sasl-authenticate", "request", [0, 1, 2])
def sasl_authenticate_request(v):
    return SaslAuthenticateRequest(auth_bytes=b"\x00user\x00secret")


@case("sasl-authenticate", "response", [0, 1, 2])
def sasl_authenticate_response(v):
    return SaslAuthenticateResponse(error_code=0, error_message=None, auth_bytes=b"server-final",
                                    session_lifetime_ms=3600000 if v >= 1 else 0)


# ---------------------------------------------------------------- Topics admin

@case("create-topics", "request", [2, 4, 5, 7])
def create_topics_request(v):
    T = CreateTopicsRequest.CreatableTopic
    A = T.CreatableReplicaAssignment
    C = T.CreatableTopicConfig
    return CreateTopicsRequest(
        topics=[T(name="orders", num_partitions=3, replication_factor=2, assignments=[],
                  configs=[C(name="cleanup.policy", value="compact"), C(name="retention.ms", value=None)]),
                T(name="manual", num_partitions=-1, replication_factor=-1,
                  assignments=[A(partition_index=0, broker_ids=[1, 2]), A(partition_index=1, broker_ids=[2, 3])],
                  configs=[])],
        timeout_ms=30000,
        validate_only=True,
    )


@case("create-topics", "response", [2, 4, 5, 7])
def create_topics_response(v):
    T = CreateTopicsResponse.CreatableTopicResult
    C = T.CreatableTopicConfigs
    return CreateTopicsResponse(
        throttle_time_ms=0,
        topics=[T(name="orders", topic_id=TOPIC_ID if v >= 7 else None, error_code=0, error_message=None,
                  topic_config_error_code=0, num_partitions=3 if v >= 5 else -1, replication_factor=2 if v >= 5 else -1,
                  configs=[C(name="cleanup.policy", value="compact", read_only=False, config_source=1,
                             is_sensitive=False)] if v >= 5 else []),
                T(name="bad", topic_id=None, error_code=36, error_message="Topic already exists.",
                  num_partitions=-1, replication_factor=-1, configs=None if v >= 5 else [])],
    )


@case("delete-topics", "request", [1, 4, 6])
def delete_topics_request(v):
    S = DeleteTopicsRequest.DeleteTopicState
    return DeleteTopicsRequest(
        topics=[S(name="orders", topic_id=None), S(name=None, topic_id=TOPIC_ID)] if v >= 6 else [],
        topic_names=["orders", "payments"] if v < 6 else [],
        timeout_ms=15000,
    )


@case("delete-topics", "response", [1, 4, 5, 6])
def delete_topics_response(v):
    R = DeleteTopicsResponse.DeletableTopicResult
    return DeleteTopicsResponse(
        throttle_time_ms=1,
        responses=[R(name="orders", topic_id=TOPIC_ID if v >= 6 else None, error_code=0, error_message=None),
                   R(name="payments", topic_id=None, error_code=3,
                     error_message="unknown topic" if v >= 5 else None)],
    )


@case("create-partitions", "request", [0, 1, 2, 3])
def create_partitions_request(v):
    T = CreatePartitionsRequest.CreatePartitionsTopic
    A = T.CreatePartitionsAssignment
    return CreatePartitionsRequest(
        topics=[T(name="orders", count=6, assignments=None),
                T(name="manual", count=2, assignments=[A(broker_ids=[1, 2])])],
        timeout_ms=10000,
        validate_only=False,
    )


@case("create-partitions", "response", [0, 2, 3])
def create_partitions_response(v):
    R = CreatePartitionsResponse.CreatePartitionsTopicResult
    return CreatePartitionsResponse(
        throttle_time_ms=2,
        results=[R(name="orders", error_code=0, error_message=None),
                 R(name="manual", error_code=37, error_message="Number of partitions is invalid.")],
    )


# ---------------------------------------------------------------- Configs admin

@case("describe-configs", "request", [1, 3, 4])
def describe_configs_request(v):
    R = DescribeConfigsRequest.DescribeConfigsResource
    return DescribeConfigsRequest(
        resources=[R(resource_type=2, resource_name="orders", configuration_keys=["retention.ms", "cleanup.policy"]),
                   R(resource_type=4, resource_name="1", configuration_keys=None)],
        include_synonyms=True,
        include_documentation=v >= 3,
    )


@case("describe-configs", "response", [1, 3, 4])
def describe_configs_response(v):
    R = DescribeConfigsResponse.DescribeConfigsResult
    C = R.DescribeConfigsResourceResult
    S = C.DescribeConfigsSynonym
    return DescribeConfigsResponse(
        throttle_time_ms=5,
        results=[R(error_code=0, error_message=None, resource_type=2, resource_name="orders", configs=[
            C(name="retention.ms", value="604800000", read_only=False, config_source=5, is_sensitive=False,
              synonyms=[S(name="log.retention.ms", value=None, source=5)],
              config_type=5 if v >= 3 else 0, documentation="How long to keep a log." if v >= 3 else None),
            C(name="sasl.jaas.config", value=None, read_only=True, config_source=4, is_sensitive=True,
              synonyms=[], config_type=0, documentation=None),
        ])],
    )


@case("alter-configs", "request", [0, 1, 2])
def alter_configs_request(v):
    R = AlterConfigsRequest.AlterConfigsResource
    C = R.AlterableConfig
    return AlterConfigsRequest(
        resources=[R(resource_type=2, resource_name="orders",
                     configs=[C(name="retention.ms", value="86400000"), C(name="cleanup.policy", value=None)])],
        validate_only=True,
    )


@case("alter-configs", "response", [0, 2])
def alter_configs_response(v):
    R = AlterConfigsResponse.AlterConfigsResourceResponse
    return AlterConfigsResponse(
        throttle_time_ms=0,
        responses=[R(error_code=0, error_message=None, resource_type=2, resource_name="orders"),
                   R(error_code=40, error_message="Invalid config.", resource_type=4, resource_name="1")],
    )


@case("incremental-alter-configs", "request", [0, 1])
def incremental_alter_configs_request(v):
    R = IncrementalAlterConfigsRequest.AlterConfigsResource
    C = R.AlterableConfig
    return IncrementalAlterConfigsRequest(
        resources=[R(resource_type=2, resource_name="orders",
                     configs=[C(name="retention.ms", config_operation=0, value="86400000"),
                              C(name="cleanup.policy", config_operation=1, value=None)])],
        validate_only=False,
    )


@case("incremental-alter-configs", "response", [0, 1])
def incremental_alter_configs_response(v):
    R = IncrementalAlterConfigsResponse.AlterConfigsResourceResponse
    return IncrementalAlterConfigsResponse(
        throttle_time_ms=9,
        responses=[R(error_code=0, error_message=None, resource_type=2, resource_name="orders")],
    )


# ---------------------------------------------------------------- Records admin and cluster

@case("delete-records", "request", [0, 1, 2])
def delete_records_request(v):
    T = DeleteRecordsRequest.DeleteRecordsTopic
    P = T.DeleteRecordsPartition
    return DeleteRecordsRequest(
        topics=[T(name="orders", partitions=[P(partition_index=0, offset=500), P(partition_index=1, offset=-1)])],
        timeout_ms=20000,
    )


@case("delete-records", "response", [0, 1, 2])
def delete_records_response(v):
    T = DeleteRecordsResponse.DeleteRecordsTopicResult
    P = T.DeleteRecordsPartitionResult
    return DeleteRecordsResponse(
        throttle_time_ms=0,
        topics=[T(name="orders", partitions=[P(partition_index=0, low_watermark=500, error_code=0),
                                             P(partition_index=1, low_watermark=-1, error_code=1)])],
    )


@case("describe-cluster", "request", [0, 1])
def describe_cluster_request(v):
    return DescribeClusterRequest(include_cluster_authorized_operations=True, endpoint_type=2 if v >= 1 else 1)


@case("describe-cluster", "response", [0, 1])
def describe_cluster_response(v):
    B = DescribeClusterResponse.DescribeClusterBroker
    return DescribeClusterResponse(
        throttle_time_ms=0, error_code=0, error_message=None, endpoint_type=2 if v >= 1 else 1,
        cluster_id="cluster-xyz", controller_id=1,
        brokers=[B(broker_id=1, host="controller-1.example", port=9093, rack=None),
                 B(broker_id=2, host="controller-2.example", port=9093, rack="rack-b")],
        authorized_operations={1, 2, 3},  # ClusterAuthorizedOperations 0x0E
    )


# ---------------------------------------------------------------- output

def plain(value):
    """kafka-python's decoded value as JSON-friendly data: only the fields of its version."""
    if hasattr(value, "_struct") and hasattr(value, "_version"):
        version = value._version
        result = {}
        for field in value._struct._fields:
            if version is not None and not field.for_version_q(version):
                continue
            result[field.name] = plain(getattr(value, field.name))
        return result
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"bytes": bytes(value).hex()}
    if isinstance(value, (set, frozenset)):  # a bit field (authorized operations) as its int32
        bits = sum(1 << bit for bit in value)
        return bits - (1 << 32) if bits >= (1 << 31) else bits
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def write(name, data):
    with open(os.path.join(OUT, name), "w") as handle:
        handle.write(data)


def main():
    if kafka.__version__ != REQUIRED_VERSION:
        sys.exit(f"kafka-python {REQUIRED_VERSION} is required, found {kafka.__version__}")
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.endswith((".hex", ".json")):
            os.remove(os.path.join(OUT, old))
    count = 0
    for api, kind, versions, builder in CASES:
        for version in versions:
            message = builder(version)
            body = message.encode(version=version)
            decoded = type(message).decode(body, version=version)
            decoded._header = None  # decode() bypasses __init__, which sets it
            if decoded.encode(version=version) != body:
                sys.exit(f"{api} {kind} v{version}: kafka-python does not re-encode its own bytes identically")
            stem = f"{api}-{kind}-v{version}"
            write(stem + ".hex", body.hex() + "\n")
            write(stem + ".json", json.dumps(plain(decoded), indent=1, sort_keys=True) + "\n")
            count += 1

    # Headers: the same request header at v1 (classic) and v2 (flexible), and the response header.
    request = MetadataRequest(topics=None)
    request.API_VERSION = 12
    request.with_header(correlation_id=0x01020304, client_id="gregor-golden")
    write("request-header-v1.hex", request.encode_header(flexible=False).hex() + "\n")
    write("request-header-v2.hex", request.encode_header(flexible=True).hex() + "\n")
    request.with_header(correlation_id=-7, client_id=None)
    write("request-header-v2-null-client-id.hex", request.encode_header(flexible=True).hex() + "\n")
    response = MetadataResponse(topics=[])
    response.with_header(correlation_id=0x01020304)
    write("response-header-v0.hex", response.encode_header(flexible=False).hex() + "\n")
    write("response-header-v1.hex", response.encode_header(flexible=True).hex() + "\n")
    print(f"wrote {count} bodies and 5 headers to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
