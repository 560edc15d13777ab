import Foundation
import GregorCLISupport
import Testing

/// `--from` parsing: ISO-8601 times, relative durations, epoch milliseconds, earliest/latest.
@Suite("CLI time parsing")
struct CLITimeParsingTests {
    // Expected values computed independently with Python's datetime.
    @Test(arguments: [
        ("2024-01-01", Int64(1_704_067_200_000)),
        ("2024-01-01T00:00:00Z", 1_704_067_200_000),
        ("1970-01-01T00:00Z", 0),
        ("2000-02-29T12:34:56.789+02:00", 951_820_496_789),
        ("2000-02-29t12:34:56.789+0200", 951_820_496_789),
        ("1969-12-31T23:59:59Z", -1000),
        ("2026-11-21T20:45-05:30", 1_795_313_700_000),
        ("1600-03-01", -11_670_912_000_000),
        ("2024-01-01 00:00:00.5", 1_704_067_200_500),
        ("2024-01-01T00:00:00.123456789Z", 1_704_067_200_123),
    ])
    func parsesISO8601(text: String, expected: Int64) {
        #expect(ISO8601Timestamp.parse(text) == expected)
    }

    @Test(arguments: [
        "2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-01T24:00", "2024-01-01T12:60",
        "2024-01-01T12:00:00+24:00", "2024-1-01", "2024-01-01T12", "2024-01-01T12:00:00Q", "2024-01-01Z",
        "2024-01-01T12:00:00.", "2024-01-01T12:00:00.1234567890", "yesterday", "",
    ])
    func rejectsMalformedISO8601(text: String) {
        #expect(ISO8601Timestamp.parse(text) == nil)
    }

    @Test func parsingAgreesWithFoundationOnRandomInstants() throws {
        var generator = SystemRandomNumberGenerator()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        for _ in 0..<500 {
            let seconds = Int64.random(in: -2_000_000_000...4_000_000_000, using: &generator)
            let text = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(ISO8601Timestamp.parse(text) == seconds * 1000, "\(text)")
        }
    }

    @Test func formatsAndReparsesMilliseconds() {
        #expect(ISO8601Timestamp.format(951_781_496_789) == "2000-02-28T23:44:56.789Z")
        #expect(ISO8601Timestamp.format(-1) == "1969-12-31T23:59:59.999Z")
        for milliseconds: Int64 in [0, 1, 999, 1_704_067_200_123, -11_670_912_000_000, 4_102_444_800_000] {
            #expect(ISO8601Timestamp.parse(ISO8601Timestamp.format(milliseconds)) == milliseconds)
        }
    }

    @Test(arguments: [
        ("15m", Int64(900_000)), ("2h", 7_200_000), ("30s", 30_000), ("1d", 86_400_000), ("500ms", 500),
        ("1h30m", 5_400_000), ("2w", 1_209_600_000), ("0s", 0),
    ])
    func parsesDurations(text: String, milliseconds: Int64) throws {
        #expect(try RelativeDuration.parseMilliseconds(text) == milliseconds)
    }

    @Test(arguments: ["", "15", "m", "15x", "1.5h", "15 m", "99999999999999999999s", "9999999999999999d"])
    func rejectsBadDurations(text: String) {
        #expect(throws: CLIError.self) { try RelativeDuration.parseMilliseconds(text) }
    }

    @Test func parsesStartPositions() throws {
        #expect(try ConsumeStartPosition(parsing: "earliest") == .earliest)
        #expect(try ConsumeStartPosition(parsing: "LATEST") == .latest)
        #expect(try ConsumeStartPosition(parsing: "1700000000000") == .timestamp(1_700_000_000_000))
        #expect(try ConsumeStartPosition(parsing: "2024-01-01T00:00:00Z") == .timestamp(1_704_067_200_000))
        #expect(try ConsumeStartPosition(parsing: "-15m") == .ago(milliseconds: 900_000))
        #expect(throws: CLIError.self) { try ConsumeStartPosition(parsing: "soon") }
        #expect(throws: CLIError.self) { try ConsumeStartPosition(parsing: "-15") }
        #expect(throws: CLIError.self) { try ConsumeStartPosition(parsing: "99999999999999999999") }
    }

    @Test func resolvesLookupTimestamps() {
        #expect(ConsumeStartPosition.ago(milliseconds: 900_000).lookupTimestamp(now: 1_000_000) == 100_000)
        #expect(ConsumeStartPosition.ago(milliseconds: 5_000).lookupTimestamp(now: 1_000) == 0)
        #expect(ConsumeStartPosition.timestamp(42).lookupTimestamp(now: 1_000) == 42)
        #expect(ConsumeStartPosition.earliest.lookupTimestamp(now: 1_000) == nil)
        #expect(ConsumeStartPosition.latest.lookupTimestamp(now: 1_000) == nil)
    }
}
