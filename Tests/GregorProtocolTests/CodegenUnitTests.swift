import Testing
@testable import gregor_codegen

/// Pieces of the generator that the determinism test does not pin down on their own.
@Suite struct CodegenUnitTests {
    @Test func lineCommentsAreStrippedButNotInsideStrings() {
        let text = """
        { // first remark
          "about": "see https://kafka.apache.org // not a comment", // trailing
          "quote": "a \\" // still a string"
        }
        """
        let stripped = SpecLoader.stripLineComments(text)
        #expect(!stripped.contains("first remark"))
        #expect(!stripped.contains("trailing"))
        #expect(stripped.contains("\"see https://kafka.apache.org // not a comment\""))
        #expect(stripped.contains("\"a \\\" // still a string\""))
    }

    @Test func propertyNamesAreLowerCamelCaseAndKeywordsAreEscaped() {
        #expect(SwiftNames.property("TopicId") == "topicId")
        #expect(SwiftNames.property("ISRNodes") == "isrNodes")
        #expect(SwiftNames.property("ID") == "id")
        #expect(SwiftNames.property("timeoutMs") == "timeoutMs")
        #expect(SwiftNames.identifier("Default") == "`default`")
        #expect(SwiftNames.identifier("Protocol") == "`protocol`")
        #expect(SwiftNames.identifier("Count") == "count")
    }

    @Test func versionRangesParseEveryForm() throws {
        #expect(try VersionRange(parsing: "3+") == VersionRange(low: 3, high: Int.max))
        #expect(try VersionRange(parsing: "0-12") == VersionRange(low: 0, high: 12))
        #expect(try VersionRange(parsing: "7") == VersionRange(low: 7, high: 7))
        #expect(try VersionRange(parsing: "none").isEmpty)
        #expect(throws: GeneratorError.self) { try VersionRange(parsing: "x-") }
    }

    @Test func conditionsAreSimplifiedAgainstTheGeneratedRange() {
        let range = VersionRange(low: 4, high: 17)
        #expect(VersionCondition(VersionRange(low: 0, high: Int.max), within: range) == .always)
        #expect(VersionCondition(VersionRange(low: 0, high: 3), within: range) == .never)
        #expect(VersionCondition(VersionRange(low: 7, high: Int.max), within: range) == .expression("version >= 7"))
        #expect(VersionCondition(VersionRange(low: 0, high: 12), within: range) == .expression("version <= 12"))
        #expect(VersionCondition(VersionRange(low: 5, high: 9), within: range) == .expression("version >= 5 && version <= 9"))
    }

    @Test func theAPIListHasOneLinePerAPIWithKafka4Floors() {
        let floors = Dictionary(uniqueKeysWithValues: apiList.map { ($0.name, $0.floor) })
        #expect(Set(apiList.map(\.key)).count == apiList.count)
        #expect(floors["Produce"] == .some(3))
        #expect(floors["Fetch"] == .some(4))
        #expect(floors["ListOffsets"] == .some(1))
        #expect(floors["CreateTopics"] == .some(2))
        #expect(floors["DeleteTopics"] == .some(1))
        #expect(floors["DescribeConfigs"] == .some(1))
        #expect(floors["AlterConfigs"] == .some(0))
        #expect(floors["ApiVersions"] == .some(nil))
    }
}
