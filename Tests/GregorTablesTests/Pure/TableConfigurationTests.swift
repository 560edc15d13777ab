import Gregor
import GregorTables
import Testing

@Suite struct TableConfigurationTests {
    @Test func tablesReadOverTwoFetchConnectionsPerBrokerWhileTheClientDefaultStaysOne() throws {
        let configuration = try KafkaTableConfiguration(bootstrap: "localhost:9092")
        #expect(configuration.fetch.connectionsPerBroker == 4)
        #expect(configuration.fetch.connectionsPerBroker == KafkaTableConfiguration.defaultFetchConnectionsPerBroker)
        #expect(FetchConfiguration().connectionsPerBroker == 1)
        try configuration.validate()
    }

    @Test func anInvalidSettingIsNamedByValidate() throws {
        var configuration = try KafkaTableConfiguration(bootstrap: "localhost:9092")
        configuration.fetch.connectionsPerBroker = 0
        #expect(throws: KafkaError.self) { try configuration.validate() }
        do {
            try configuration.validate()
        } catch {
            #expect(error.message.contains("connectionsPerBroker"))
        }
        configuration.fetch.connectionsPerBroker = 1
        configuration.catchUpTimeout = .zero
        do {
            try configuration.validate()
            Issue.record("a zero catchUpTimeout passed validation")
        } catch {
            #expect(error.message.contains("catchUpTimeout"))
        }
    }
}
