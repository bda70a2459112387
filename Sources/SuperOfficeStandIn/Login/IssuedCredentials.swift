import Foundation

/// Fresh credential values in SuperOffice's shapes (reference §1.1): `7T:` tickets and `8A:<ctx>.` access tokens.
enum IssuedCredentials {
    static func ticket() -> String {
        "7T:" + Data(randomBytes(24)).base64EncodedString()
    }

    static func accessToken(context: String) -> String {
        "8A:\(context)." + Data(randomBytes(24)).base64EncodedString()
    }

    static func opaque() -> String {
        RandomToken.hex(bytes: 20)
    }

    private static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
