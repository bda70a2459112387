/// The SO-TimeZone header grammar, shared by config validation and the header stage so both accept the same values.
///
/// A value is a SuperOffice location code (`UTC`, `NO`, `US-NY`, `AU-ACT`) or a numeric time-zone id (`261`),
/// optionally followed by `, includeTZOffset`. IANA names such as `Europe/Oslo` are not SuperOffice values.
public enum TimeZoneValue: Sendable {
    /// Whether `value` is something SuperOffice accepts in `SO-TimeZone`.
    public static func isValid(_ value: String) -> Bool {
        let parts = value.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
        var zone = parts[0]
        if parts.count == 2 {
            while zone.last == " " { zone = zone.dropLast() }
            var modifier = parts[1]
            while modifier.first == " " { modifier = modifier.dropFirst() }
            guard modifier.lowercased() == "includetzoffset" else { return false }
        }
        return isLocationCode(zone) || isNumericID(zone)
    }

    /// `^[A-Z]{2,3}(-[A-Z]{1,3})?$`, letters in either case.
    private static func isLocationCode(_ zone: Substring) -> Bool {
        let pieces = zone.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard (2...3).contains(pieces[0].count), pieces[0].allSatisfy(isASCIILetter) else { return false }
        if pieces.count == 2 {
            return (1...3).contains(pieces[1].count) && pieces[1].allSatisfy(isASCIILetter)
        }
        return true
    }

    /// `^[0-9]{1,4}$`.
    private static func isNumericID(_ zone: Substring) -> Bool {
        (1...4).contains(zone.count) && zone.allSatisfy { $0.isASCII && $0.isNumber }
    }

    private static func isASCIILetter(_ character: Character) -> Bool {
        character.isASCII && character.isLetter
    }
}
