/// A SuperOffice TZLocation (code + numeric id) with a fixed offset from the stand-in's UTC base zone.
/// [I] Offsets are standard time only (no daylight saving), so `NO` is always +1 h: predictable for tests.
struct SuperOfficeTimeZone: Sendable, Equatable {
    var code: String
    var id: Int
    var offsetMinutes: Int

    /// The documented codes from reference §3.
    static let known: [SuperOfficeTimeZone] = [
        .init(code: "UTC", id: 1, offsetMinutes: 0),
        .init(code: "NO", id: 261, offsetMinutes: 60),
        .init(code: "DK", id: 140, offsetMinutes: 60),
        .init(code: "FR", id: 156, offsetMinutes: 60),
        .init(code: "US-NY", id: 460, offsetMinutes: -300),
        .init(code: "US-CA", id: 425, offsetMinutes: -480),
        .init(code: "US-HI", id: 433, offsetMinutes: -600),
        .init(code: "CA-QC", id: 114, offsetMinutes: -300),
        .init(code: "AU-ACT", id: 36, offsetMinutes: 600),
        .init(code: "BD", id: 50, offsetMinutes: 360),
    ]

    /// Looks a zone up by code (case-insensitive) or by numeric id.
    static func lookup(_ text: String) -> SuperOfficeTimeZone? {
        if let id = Int(text) { return known.first { $0.id == id } }
        let wanted = text.uppercased()
        return known.first { $0.code == wanted }
    }
}
