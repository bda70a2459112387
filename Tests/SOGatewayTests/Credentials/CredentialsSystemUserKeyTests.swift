import Crypto
import Foundation
import Testing
import _CryptoExtras

@testable import SOGateway

/// The partner key in every accepted form signs the same `<token>.<yyyyMMddHHmm>` the way SuperOffice checks it.
struct CredentialsSystemUserKeyTests {
    let moment = Date(timeIntervalSince1970: 1_767_225_600 + 3 * 3600 + 7 * 60 + 59)  // 2026-01-01 03:07:59 UTC

    @Test func theTimestampIsUTCMinutesWithLeadingZeros() {
        #expect(UTCMinuteStamp.string(for: moment) == "202601010307")
        #expect(UTCMinuteStamp.string(for: Date(timeIntervalSince1970: 951_782_400)) == "200002290000")
        #expect(UTCMinuteStamp.string(for: Date(timeIntervalSince1970: 0)) == "197001010000")
    }

    @Test(arguments: ["pkcs1", "pkcs8", "xml"])
    func everyKeyFormSignsTheSameVerifiableToken(form: String) throws {
        let key = try #require(CredentialsTestKeys.partner)
        let text: String
        switch form {
        case "pkcs1": text = key.pemRepresentation
        case "pkcs8": text = key.pkcs8PEMRepresentation
        default: text = try #require(CredentialsTestKeys.xml(for: key))
        }
        let path = try CredentialsTestKeys.file(text, suffix: form == "xml" ? ".xml" : ".pem")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let loaded = try SystemUserKey.load(path: path)
        let signed = try SystemUserTokenSigner(key: loaded).signedToken("App-abc.def", at: moment)
        #expect(signed.hasPrefix("App-abc.def.202601010307."))
        let signature = try #require(Data(base64Encoded: String(signed.split(separator: ".").last ?? "")))
        #expect(
            key.publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: Data("App-abc.def.202601010307".utf8), padding: .insecurePKCS1v1_5
            )
        )
    }

    @Test func aBrokenKeyFileIsReportedByNameWithoutItsContent() throws {
        let secretLooking = "<RSAKeyValue><Modulus>c2VjcmV0LWtleS1tYXRlcmlhbA==</Modulus></RSAKeyValue>"
        let path = try CredentialsTestKeys.file(secretLooking, suffix: ".xml")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: CredentialError.self) { try SystemUserKey.load(path: path) }
        #expect(error?.partnerMessage.contains(path) == true)
        #expect(error?.partnerMessage.contains("<Exponent>") == true)
        #expect(error?.partnerMessage.contains("c2VjcmV0") == false)
    }

    @Test func aMissingKeyFileFailsAtStartup() {
        #expect(throws: CredentialError.self) { try SystemUserKey.load(path: "/nonexistent/so-gateway/key.pem") }
    }

    @Test func derIntegersAreMinimalAndPositive() {
        #expect(DER.integer([0x00, 0x00, 0x7F]) == [0x02, 0x01, 0x7F])
        #expect(DER.integer([0x80]) == [0x02, 0x02, 0x00, 0x80])
        #expect(DER.integer([]) == [0x02, 0x01, 0x00])
        #expect(DER.length(300) == [0x82, 0x01, 0x2C])
    }
}
