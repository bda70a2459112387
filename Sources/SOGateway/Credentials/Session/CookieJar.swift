import Foundation
import GatewayConfig

/// The cookies of one upstream web session, in order, and the headers they produce: `Cookie` and
/// `X-XSRF-TOKEN` (the current `XSRF-TOKEN` cookie, which SuperOffice requires when no Authorization is sent).
struct CookieJar: Sendable, Equatable {
    static let xsrfCookie = "XSRF-TOKEN"

    private(set) var cookies: [SessionCookie]
    /// Cookies that make up the credential (configured, XSRF, or set by a login); a change to one of them is a
    /// new credential. Other cookies (load-balancer affinity) are kept and sent but do not count.
    private(set) var credentialNames: Set<String>

    init(_ cookies: [SessionCookie]) {
        self.cookies = cookies
        self.credentialNames = Set(cookies.map(\.name)).union([Self.xsrfCookie])
    }

    /// What absorbing `Set-Cookie` headers changed.
    enum Change: Equatable {
        case none
        /// Only cookies outside the credential changed.
        case other
        case credential
    }

    /// Applies upstream `Set-Cookie` values: new values replace old ones, deletions remove them.
    ///
    /// - Parameter markingCredential: treat every cookie set here as part of the credential (a login's answer).
    mutating func absorb(_ headers: [String], now: Date, markingCredential: Bool = false) -> Change {
        var change = Change.none
        for header in headers {
            guard let setCookie = SetCookie(header: header, now: now) else { continue }
            if markingCredential { credentialNames.insert(setCookie.name) }
            guard apply(setCookie) else { continue }
            if credentialNames.contains(setCookie.name) {
                change = .credential
            } else if change == .none {
                change = .other
            }
        }
        return change
    }

    /// True when the jar changed.
    private mutating func apply(_ setCookie: SetCookie) -> Bool {
        let index = cookies.firstIndex { $0.name == setCookie.name }
        if setCookie.removes {
            guard let index else { return false }
            cookies.remove(at: index)
            return true
        }
        if let index {
            guard cookies[index].value != setCookie.value else { return false }
            cookies[index].value = setCookie.value
        } else {
            cookies.append(SessionCookie(name: setCookie.name, value: setCookie.value))
        }
        return true
    }

    var xsrfToken: String? {
        cookies.first { $0.name == Self.xsrfCookie }?.value
    }

    /// `Cookie: a=b; c=d` and, when the jar has one, `X-XSRF-TOKEN`.
    var headers: [(String, String)] {
        var headers: [(String, String)] = []
        if !cookies.isEmpty {
            headers.append(("Cookie", cookies.map { "\($0.name)=\($0.value)" }.joined(separator: "; ")))
        }
        if let xsrfToken {
            headers.append(("X-XSRF-TOKEN", xsrfToken))
        }
        return headers
    }
}
