import Foundation
import _CryptoExtras

/// Key material for system-user tests: a partner-app key pair and the signed token the gateway would build.
extension SuperOfficeStandIn {
    /// A fresh 2048-bit RSA key pair: the private key as PEM (for the gateway's config) and the public key as
    /// PEM (for `StandInConfiguration.systemUsers`).
    public static func makeTestKeyPair() throws -> (privatePEM: String, publicKeyPEM: String) {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        return (key.pemRepresentation, key.publicKey.pemRepresentation)
    }

    /// `<systemUserToken>.<UTC yyyyMMddHHmm>.<base64 RSA-SHA256 PKCS#1 v1.5 signature>` (reference §1.4).
    public static func signSystemUserToken(_ systemUserToken: String, privateKeyPEM: String, at date: Date = Date()) throws -> String {
        let key = try _RSA.Signing.PrivateKey(pemRepresentation: privateKeyPEM)
        let timestamp = CivilDateTime(epochSeconds: Int64(date.timeIntervalSince1970)).compactMinuteText
        let signingInput = "\(systemUserToken).\(timestamp)"
        let signature = try key.signature(for: Array(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + signature.rawRepresentation.base64EncodedString()
    }
}
