import Foundation
import NIOCore
import NIOHTTP1

/// `/status` for browsers: besides `X-API-Key` and `Bearer`, the admin key is accepted as the password of HTTP
/// Basic authentication (any user name), so a browser's own sign-in prompt opens the page.
extension AdminStage {
    func authorizedForStatus(_ request: GatewayRequest) -> Bool {
        if authorized(request) { return true }
        guard let password = Self.basicPassword(in: request.head.headers) else { return false }
        return adminKeys.contains(KeyDigest(hashing: password.utf8))
    }

    /// The password of a single `Authorization: Basic` header, or nil.
    static func basicPassword(in headers: HTTPHeaders) -> String? {
        let values = headers["Authorization"]
        guard values.count == 1, let value = values.first else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "basic", parts[1].utf8.count <= 1024,
            let decoded = Data(base64Encoded: String(parts[1].trimmingSpaces())),
            let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        let password = text[text.index(after: colon)...]
        return password.isEmpty ? nil : String(password)
    }

    /// 401 with a Basic challenge, so a browser asks for the key.
    func statusUnauthorized(_ request: GatewayRequest) -> EventLoopFuture<GatewayResponse> {
        var response = Problem.unauthorized().response(requestId: request.requestId)
        response.headers.replaceOrAdd(name: "WWW-Authenticate", value: #"Basic realm="so-gateway admin", charset="UTF-8""#)
        return request.eventLoop.makeSucceededFuture(response)
    }

    static func html(_ page: String) -> GatewayResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/html; charset=utf-8")
        headers.add(name: "Cache-Control", value: "no-store")
        // Inline styles only, nothing loaded from anywhere, never framed.
        headers.add(name: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
        headers.add(name: "X-Content-Type-Options", value: "nosniff")
        return GatewayResponse(status: .ok, headers: headers, body: ByteBuffer(string: page))
    }
}
