import Foundation
import NIOHTTP1

/// How one answer is rendered from the request's SO-Language / Accept-Language, SO-Culture and SO-TimeZone headers
/// (reference §3).
struct RenderOptions: Sendable, Equatable {
    /// nil = untranslated resource ids (no language header, or `*`/`x`).
    var language: StandInLanguage?
    /// Whether numbers rendered as strings use a decimal comma (from SO-Culture, defaulting to the language).
    var decimalComma: Bool
    /// The requested zone, nil = the base zone (UTC).
    var timeZone: SuperOfficeTimeZone?
    /// `, includeTZOffset` was given.
    var includeOffset: Bool
    /// Write `+0100` instead of `+01:00`.
    var compactOffsets: Bool

    static let plain = RenderOptions(language: nil, decimalComma: false, timeZone: nil, includeOffset: false, compactOffsets: false)

    /// Why the headers could not be honoured.
    enum Problem: Error, Equatable {
        case unknownTimeZone
    }

    static func from(headers: HTTPHeaders, configuration: StandInConfiguration) throws(Problem) -> RenderOptions {
        var options = RenderOptions.plain
        options.compactOffsets = configuration.compactTimeZoneOffsets
        let languageTag = headers.first(name: "SO-Language") ?? headers.first(name: "Accept-Language")
        if let languageTag {
            options.language = StandInLanguage.from(tag: languageTag)
        }
        if options.language != nil, let tag = languageTag {
            let culture = headers.first(name: "SO-Culture").map(LanguageTag.primary) ?? LanguageTag.primary(tag)
            options.decimalComma = LanguageTag.decimalCommaCultures.contains(culture)
        }
        if let zoneHeader = headers.first(name: "SO-TimeZone") {
            let parts = zoneHeader.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) }
            options.includeOffset = parts.dropFirst().contains { $0.lowercased() == "includetzoffset" }
            let code = parts.first ?? ""
            if let zone = SuperOfficeTimeZone.lookup(code) {
                options.timeZone = zone
            } else if configuration.rejectUnknownTimeZone {
                throw .unknownTimeZone
            }
        }
        return options
    }

    /// A converted datetime (appointment-style dates such as `LastStarted`): shifted into the requested zone.
    func zonedDate(_ epochSeconds: Int64) -> String {
        let offset = timeZone?.offsetMinutes ?? 0
        let text = CivilDateTime(epochSeconds: epochSeconds + Int64(offset) * 60).isoText
        guard includeOffset else { return text }
        return text + offsetSuffix(offset)
    }

    /// `Created`/`Updated`: always UTC; tagged as UTC when offsets were asked for.
    func utcDate(_ epochSeconds: Int64) -> String {
        let text = CivilDateTime(epochSeconds: epochSeconds).isoText
        return includeOffset ? text + "Z" : text
    }

    private func offsetSuffix(_ minutes: Int) -> String {
        if minutes == 0 { return "Z" }
        let sign = minutes < 0 ? "-" : "+"
        let hours = abs(minutes) / 60
        let rest = abs(minutes) % 60
        let hh = hours < 10 ? "0\(hours)" : "\(hours)"
        let mm = rest < 10 ? "0\(rest)" : "\(rest)"
        return compactOffsets ? "\(sign)\(hh)\(mm)" : "\(sign)\(hh):\(mm)"
    }

    /// A decimal rendered as a string in the request's culture (`12,5` for sv/nb, `12.5` otherwise).
    func decimalText(units: Int, tenths: Int) -> String {
        "\(units)\(decimalComma ? "," : ".")\(tenths)"
    }
}
