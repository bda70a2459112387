import NIOCore
import NIOHTTP1

extension UpstreamRequest {
    /// The request head as sent: `Host` added when absent, `Content-Length` set from the body, any
    /// `Transfer-Encoding` or caller-supplied `Content-Length` dropped so the framing always matches the body.
    func makeHead(hostHeader: String) -> HTTPRequestHead {
        var headers = self.headers
        if !headers.contains(name: "host") {
            headers.add(name: "Host", value: hostHeader)
        }
        if headers.contains(name: "transfer-encoding") {
            headers.remove(name: "transfer-encoding")
        }
        if headers.contains(name: "content-length") {
            headers.remove(name: "content-length")
        }
        let length = self.body?.readableBytes ?? 0
        if length > 0 || self.method.expectsRequestBody {
            headers.add(name: "Content-Length", value: String(length))
        }
        return HTTPRequestHead(version: .http1_1, method: self.method, uri: self.target, headers: headers)
    }
}

extension HTTPMethod {
    /// Methods whose requests are framed with a Content-Length even when empty, as servers expect one.
    fileprivate var expectsRequestBody: Bool {
        switch self {
        case .POST, .PUT, .PATCH: return true
        default: return false
        }
    }
}
