import Foundation

/// Small helpers for language tags and Accept-Language lists.
enum LanguageTag {
    /// The lowercased primary subtag of the first entry in a list (`"nb-NO;q=0.9, en"` → `"nb"`).
    static func primary(_ list: String) -> String {
        let first = list.split(separator: ",", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let tag = first.split(separator: ";", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let trimmed = tag.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return trimmed.split(separator: "-", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    }

    /// Cultures that write decimals with a comma.
    static let decimalCommaCultures: Set<String> = [
        "nb", "no", "nn", "sv", "da", "de", "fr", "fi", "nl", "es", "it", "pt", "pl", "ru", "cs",
    ]
}
