/// The `time_zone`, `language` and `culture` keys that both `upstream` and each client carry,
/// read and checked in one place.
struct RequestDefaults {
    var timeZone: String?
    var language: String?
    var culture: String?

    static func read(from block: MappingReader) -> RequestDefaults {
        var result = RequestDefaults()
        if let timeZone = block.headerString("time_zone") {
            if TimeZoneValue.isValid(timeZone) {
                result.timeZone = timeZone
            } else {
                block.context.report(
                    block.path("time_zone"),
                    "expected a SuperOffice time zone like UTC, NO, US-NY or 261, optionally followed by \", includeTZOffset\""
                )
            }
        }
        result.language = readTag("language", allowStar: true, example: "nb-no", from: block)
        result.culture = readTag("culture", allowStar: false, example: "sv", from: block)
        return result
    }

    /// Language and culture are short tags such as `nb-no` or `sv`; SO-Language also takes `*` (no translation).
    private static func readTag(_ key: String, allowStar: Bool, example: String, from block: MappingReader) -> String? {
        guard let value = block.headerString(key) else { return nil }
        let valid = (allowStar && value == "*")
            || value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        guard valid else {
            block.context.report(block.path(key), "expected a tag like \(example)")
            return nil
        }
        return value
    }
}
