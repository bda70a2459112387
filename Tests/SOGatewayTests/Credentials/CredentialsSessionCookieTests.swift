import Foundation
import GatewayConfig
import Testing

@testable import SOGateway

/// The session cookie jar: what it sends, and how upstream `Set-Cookie` changes it.
struct CredentialsSessionCookieTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func jar() -> CookieJar {
        CookieJar([SessionCookie(name: ".ASPXAUTH", value: "session-1"), SessionCookie(name: "XSRF-TOKEN", value: "xsrf-1")])
    }

    @Test func theJarSendsEveryCookieAndTheXSRFHeader() {
        let headers = jar().headers
        #expect(headers.map(\.0) == ["Cookie", "X-XSRF-TOKEN"])
        #expect(headers.first?.1 == ".ASPXAUTH=session-1; XSRF-TOKEN=xsrf-1")
        #expect(headers.last?.1 == "xsrf-1")
    }

    @Test func aRotatedXSRFTokenIsACredentialChangeAndIsSentNextTime() {
        var jar = jar()
        #expect(jar.absorb(["XSRF-TOKEN=xsrf-2; path=/"], now: now) == .credential)
        #expect(jar.xsrfToken == "xsrf-2")
        #expect(jar.headers.first?.1 == ".ASPXAUTH=session-1; XSRF-TOKEN=xsrf-2")
        #expect(jar.absorb(["XSRF-TOKEN=xsrf-2; path=/"], now: now) == .none)
    }

    @Test func anAffinityCookieIsKeptButIsNotACredentialChange() {
        var jar = jar()
        #expect(jar.absorb(["ARRAffinity=abc; Path=/; HttpOnly"], now: now) == .other)
        #expect(jar.headers.first?.1 == ".ASPXAUTH=session-1; XSRF-TOKEN=xsrf-1; ARRAffinity=abc")
    }

    @Test(arguments: [
        "XSRF-TOKEN=; Max-Age=0", "XSRF-TOKEN=gone; expires=Thu, 01 Jan 1970 00:00:00 GMT",
        "XSRF-TOKEN=gone; Expires=Thu, 01-Jan-1970 00:00:00 GMT",
    ])
    func aDeletionRemovesTheCookie(header: String) {
        var jar = jar()
        #expect(jar.absorb([header], now: now) == .credential)
        #expect(jar.xsrfToken == nil)
        #expect(jar.headers.map(\.0) == ["Cookie"])
    }

    @Test func maxAgeWinsOverExpiresAndAFutureExpiryKeepsTheCookie() {
        #expect(SetCookie(header: "a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60", now: now)?.removes == false)
        #expect(SetCookie(header: "a=b; Expires=Fri, 01 Jan 2100 00:00:00 GMT", now: now)?.removes == false)
        #expect(SetCookie(header: "a=\"quoted\"", now: now)?.value == "quoted")
        #expect(SetCookie(header: "no-equals-sign", now: now) == nil)
    }

    @Test func cookiesALoginSetsBecomePartOfTheCredential() {
        var jar = CookieJar([SessionCookie(name: "XSRF-TOKEN", value: "x")])
        #expect(jar.absorb(["SuperOffice.Session=s1"], now: now, markingCredential: true) == .credential)
        #expect(jar.absorb(["SuperOffice.Session=s2"], now: now) == .credential)
    }
}
