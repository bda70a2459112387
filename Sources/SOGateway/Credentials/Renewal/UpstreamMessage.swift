import Foundation

/// Text SuperOffice sent about a failed login (its `ErrorMessage`, an OAuth `error`), made safe to show a partner
/// and to log: bounded, single-line, and with any secret the gateway sent replaced by `***`.
enum UpstreamMessage {
    static let maxLength = 300

    static func sanitize(_ raw: String, hiding secrets: [String]) -> String {
        var text = String(raw.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
        for secret in secrets where secret.count >= 4 {
            text = text.replacingOccurrences(of: secret, with: "***")
        }
        text = text.trimmingCharacters(in: .whitespaces)
        if text.count > maxLength {
            text = String(text.prefix(maxLength)) + "…"
        }
        return text
    }
}
