import GatewayCompression
import Testing

@Suite("RFC 9110 weighted lists")
struct WeightedListTests {
    @Test(
        "valid q-values parse to thousandths",
        arguments: [
            ("0", 0), ("0.", 0), ("0.5", 500), ("0.05", 50), ("0.001", 1), ("0.999", 999), ("1", 1000), ("1.", 1000),
            ("1.0", 1000), ("1.000", 1000),
        ]
    )
    func validQualities(_ text: String, _ expected: Int) {
        #expect(WeightedList.parseQuality(Array(text.utf8)[...]) == expected)
    }

    @Test("invalid q-values are refused", arguments: ["", ".5", "1.001", "2", "0.1234", "01", "0,5", "-0", "1.0000", "0.a"])
    func invalidQualities(_ text: String) {
        #expect(WeightedList.parseQuality(Array(text.utf8)[...]) == nil)
    }

    @Test("media ranges keep their value, lowercased, without parameters")
    func mediaRanges() {
        let parsed = WeightedList.parse(["Application/XML;charset=utf-8;q=0.8, */*;q=0.1"])
        #expect(parsed == [WeightedElement(value: "application/xml", quality: 800), WeightedElement(value: "*/*", quality: 100)])
    }
}
