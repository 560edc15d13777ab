/// Where a config value comes from (DescribeConfigs' `ConfigSource`).
public enum ConfigSource: Sendable, Hashable {
    /// The broker did not say (older versions) or sent a code Gregor does not know.
    case unknown
    /// Set on the topic (`DYNAMIC_TOPIC_CONFIG`).
    case dynamicTopic
    /// Set dynamically for this broker (`DYNAMIC_BROKER_CONFIG`).
    case dynamicBroker
    /// Set dynamically as the default of every broker (`DYNAMIC_DEFAULT_BROKER_CONFIG`).
    case dynamicDefaultBroker
    /// From the broker's properties file (`STATIC_BROKER_CONFIG`).
    case staticBroker
    /// Kafka's built-in default (`DEFAULT_CONFIG`).
    case defaultConfig
    /// A broker logger level (`DYNAMIC_BROKER_LOGGER_CONFIG`).
    case dynamicBrokerLogger
    /// A client-metrics subscription (`CLIENT_METRICS_CONFIG`).
    case clientMetrics
    /// A group config (`GROUP_CONFIG`).
    case group

    /// The source for a wire code (0 and unknown codes give `.unknown`).
    public init(wireValue: Int8) {
        switch wireValue {
        case 1: self = .dynamicTopic
        case 2: self = .dynamicBroker
        case 3: self = .dynamicDefaultBroker
        case 4: self = .staticBroker
        case 5: self = .defaultConfig
        case 6: self = .dynamicBrokerLogger
        case 7: self = .clientMetrics
        case 8: self = .group
        default: self = .unknown
        }
    }
}

/// The declared type of a config (DescribeConfigs v3+ `ConfigType`).
public enum ConfigType: Int8, Sendable, Hashable {
    /// Not reported.
    case unknown = 0
    /// `true` / `false`.
    case boolean = 1
    /// Text.
    case string = 2
    /// A 32-bit integer.
    case int = 3
    /// A 16-bit integer.
    case short = 4
    /// A 64-bit integer.
    case long = 5
    /// A floating-point number.
    case double = 6
    /// A comma-separated list.
    case list = 7
    /// A Java class name.
    case `class` = 8
    /// A password (always sensitive).
    case password = 9
}

/// One config of a resource, as DescribeConfigs (or CreateTopics v5+) reports it.
///
/// Sensitive values (passwords, keys) never appear in `description`, `debugDescription` or a
/// mirror (`dump`, string interpolation of containers): they show as `[redacted]`. Brokers send
/// `nil` for them anyway.
public struct ConfigEntry: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The config name, for example `retention.ms`.
    public var name: String
    /// The value; `nil` when unset or sensitive.
    public var value: String?
    /// Whether the config cannot be changed on this resource.
    public var isReadOnly: Bool
    /// Where the value comes from.
    public var source: ConfigSource
    /// Whether the value is sensitive (a password or key).
    public var isSensitive: Bool
    /// The declared type (DescribeConfigs v3+), `.unknown` when not reported.
    public var type: ConfigType
    /// The config's documentation when asked for and sent (DescribeConfigs v3+).
    public var documentation: String?

    /// Creates an entry.
    public init(
        name: String,
        value: String?,
        isReadOnly: Bool = false,
        source: ConfigSource = .unknown,
        isSensitive: Bool = false,
        type: ConfigType = .unknown,
        documentation: String? = nil
    ) {
        self.name = name
        self.value = value
        self.isReadOnly = isReadOnly
        self.source = source
        self.isSensitive = isSensitive
        self.type = type
        self.documentation = documentation
    }

    /// Whether the value is Kafka's built-in default.
    public var isDefault: Bool {
        source == .defaultConfig
    }

    /// The value as it may be shown: `[redacted]` when sensitive, `null` when unset.
    public var displayValue: String {
        if isSensitive { return "[redacted]" }
        return value ?? "null"
    }

    /// `name=value`, with sensitive values redacted.
    public var description: String {
        "\(name)=\(displayValue)"
    }

    /// All fields, with sensitive values redacted.
    public var debugDescription: String {
        "ConfigEntry(name: \(name), value: \(displayValue), isReadOnly: \(isReadOnly), source: \(source), isSensitive: \(isSensitive), type: \(type))"
    }

    /// A mirror without the raw value, so `dump` and reflection cannot print a secret.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "name": name, "value": displayValue, "isReadOnly": isReadOnly, "source": source,
                "isSensitive": isSensitive, "type": type,
            ],
            displayStyle: .struct
        )
    }
}
