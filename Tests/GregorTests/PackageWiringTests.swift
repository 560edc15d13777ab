import Gregor
import Testing

@Test func theClientModuleReexportsTheProtocolLayer() {
    #expect(KafkaAPI.produce.supportedVersions.lowerBound == 3)
}
