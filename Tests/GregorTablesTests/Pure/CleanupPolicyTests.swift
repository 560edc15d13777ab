import GregorTables
import Testing

/// Expected values follow Kafka's LIST parsing (trim, split on `\s*,\s*`) and its
/// `ValidList.in("compact", "delete")` validator, written out by hand.
@Suite struct CleanupPolicyTests {
    static let both = CleanupPolicy([.compact, .delete])
    static let none = CleanupPolicy([])

    @Test(arguments: [
        ("compact", CleanupPolicy.compact),
        ("delete", CleanupPolicy.delete),
        ("compact,delete", both),
        ("delete,compact", both),
        ("delete, compact", both),
        (" compact , delete ", both),
        ("\tcompact\n", CleanupPolicy.compact),
        ("compact\u{0B},\u{0C}delete\r", both),
        ("\u{01}compact\u{1F}", CleanupPolicy.compact),  // Java trim() drops every char up to U+0020
        ("compact,compact", CleanupPolicy.compact),
        ("", none),
        ("   ", none),
    ] as [(String, CleanupPolicy)])
    func parses(value: String, expected: CleanupPolicy) throws {
        #expect(try CleanupPolicy(parsing: value) == expected)
    }

    @Test(arguments: [
        ("compact,", ""),
        (",compact", ""),
        ("compact,,delete", ""),
        ("compact, ,delete", ""),
        ("Compact", "Compact"),
        ("COMPACT", "COMPACT"),
        ("compact;delete", "compact;delete"),
        ("compact delete", "compact delete"),
        ("compact, \u{01}delete", "\u{01}delete"),  // inside the list only regex whitespace goes
        ("compact,\u{A0}delete", "\u{A0}delete"),  // no-break space is not Java \s
        ("compact,\u{301}delete", "\u{301}delete"),  // split by scalars, not Characters
        ("none", "none"),
    ] as [(String, String)])
    func rejects(value: String, element: String) {
        #expect(throws: CleanupPolicyParseError(value: value, element: element)) {
            try CleanupPolicy(parsing: value)
        }
    }

    @Test func errorNamesTheValueAndTheElement() {
        #expect(
            CleanupPolicyParseError(value: "compact,nope", element: "nope").description
                == #"cleanup.policy "compact,nope" has unknown element "nope"; valid elements are compact and delete, comma-separated"#
        )
        #expect(
            CleanupPolicyParseError(value: "compact,", element: "").description
                == #"cleanup.policy "compact," has an empty element; valid elements are compact and delete, comma-separated"#
        )
    }

    @Test func compactsAndDeletes() {
        #expect(CleanupPolicy.compact.compacts)
        #expect(!CleanupPolicy.compact.deletes)
        #expect(CleanupPolicy([.compact, .delete]).compacts)
        #expect(CleanupPolicy([.compact, .delete]).deletes)
        #expect(!CleanupPolicy.delete.compacts)
        #expect(!CleanupPolicy([]).compacts)
    }

    @Test func kafkaValueIsCanonical() {
        #expect(CleanupPolicy.compact.kafkaValue == "compact")
        #expect(CleanupPolicy.delete.kafkaValue == "delete")
        #expect(CleanupPolicy([.delete, .compact]).kafkaValue == "compact,delete")
        #expect(CleanupPolicy([]).kafkaValue == "")
        #expect(CleanupPolicy([]).description == "(none)")
    }

    @Test func declaredInConfigs() throws {
        #expect(try CleanupPolicy.declared(in: ["cleanup.policy": "delete,compact"]) == [.compact, .delete])
        #expect(try CleanupPolicy.declared(in: ["retention.ms": "1"]) == nil)
        #expect(throws: CleanupPolicyParseError.self) {
            try CleanupPolicy.declared(in: ["cleanup.policy": "compacted"])
        }
    }

    @Test func defaultTopicConfigsAreCompactOnly() {
        #expect(TableTopicDefaults.configs == ["cleanup.policy": "compact"])
        #expect(TableTopicDefaults.partitionCount == 1)
        #expect(TableTopicDefaults.replicationFactor == 1)
        #expect(TableTopicDefaults.policyMismatchAction == .warn)
    }
}
