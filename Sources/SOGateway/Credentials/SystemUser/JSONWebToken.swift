import Foundation
import ExtrasBase64

/// A compact JWS as SuperOffice returns it from PartnerSystemUser/Authenticate: what signature verification
/// needs plus its string and numeric claims. Only reading; the gateway never issues tokens.
struct JSONWebToken: Sendable {
    let algorithm: String?
    let keyId: String?
    let stringClaims: [String: String]
    /// Numeric claims (`exp`, `nbf`, `iat`) in seconds since 1970.
    let numberClaims: [String: Double]
    /// `base64url(header) + "." + base64url(payload)`, the signed bytes.
    let signingInput: String
    let signature: [UInt8]

    init(compact: String) throws {
        let parts = compact.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3,
            let headerBytes = try? Base64.decode(bytes: parts[0].utf8, options: [.base64UrlAlphabet, .omitPaddingCharacter]),
            let payloadBytes = try? Base64.decode(bytes: parts[1].utf8, options: [.base64UrlAlphabet, .omitPaddingCharacter]),
            let signature = try? Base64.decode(bytes: parts[2].utf8, options: [.base64UrlAlphabet, .omitPaddingCharacter]),
            let header = (try? JSONSerialization.jsonObject(with: Data(headerBytes))) as? [String: Any],
            let claims = (try? JSONSerialization.jsonObject(with: Data(payloadBytes))) as? [String: Any]
        else {
            throw CredentialError("SuperOffice returned a system user token that is not a valid JWT")
        }
        self.algorithm = header["alg"] as? String
        self.keyId = header["kid"] as? String
        self.stringClaims = claims.compactMapValues { $0 as? String }
        self.numberClaims = claims.compactMapValues { ($0 as? NSNumber)?.doubleValue }
        self.signingInput = parts[0] + "." + parts[1]
        self.signature = signature
    }

    func string(_ claim: String) -> String? { stringClaims[claim] }

    func seconds(_ claim: String) -> Double? { numberClaims[claim] }
}
