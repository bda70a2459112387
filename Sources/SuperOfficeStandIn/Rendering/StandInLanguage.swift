/// The languages the stand-in translates resource strings into; anything else falls back to English ([I]).
enum StandInLanguage: String, Sendable, CaseIterable {
    case english = "en"
    case norwegian = "no"
    case swedish = "sv"
    case danish = "da"
    case german = "de"

    /// Maps a language tag (`nb-no`, `en-US`, `sv`) to a language; `*`, `x` and empty mean "do not translate" (nil).
    static func from(tag: String) -> StandInLanguage? {
        let primary = LanguageTag.primary(tag)
        switch primary {
        case "", "*", "x": return nil
        case "nb", "no", "nn": return .norwegian
        case "sv": return .swedish
        case "da": return .danish
        case "de": return .german
        default: return .english
        }
    }
}
