import Foundation
import NIOCore
import NIOHTTP1

/// The last stage for every normal answer: the harmless ARR affinity cookies (so the gateway's Set-Cookie
/// stripping can be tested) and gzip when — and only when — the client asked for it.
struct ResponseFinisher: Sendable {
    var affinity: String
    var gzipResponses: Bool
    var gzipThresholdBytes: Int

    func finish(_ response: StandInResponse, for request: StandInRequest) -> StandInResponse {
        var response = response
        response.headers.add(name: "Set-Cookie", value: "ARRAffinity=\(affinity);Path=/;HttpOnly;Domain=stand-in.local")
        response.headers.add(name: "Set-Cookie", value: "ARRAffinitySameSite=\(affinity);Path=/;HttpOnly;SameSite=None;Secure")
        guard gzipResponses, response.body.count > gzipThresholdBytes, request.method != .HEAD,
              Self.acceptsGzip(request.header("Accept-Encoding")),
              let compressed = Self.gzip(response.body) else {
            return response
        }
        response.body = compressed
        response.headers.replaceOrAdd(name: "Content-Encoding", value: "gzip")
        response.headers.add(name: "Vary", value: "Accept-Encoding")
        return response
    }

    /// True when `gzip` is listed with a non-zero quality.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for entry in header.split(separator: ",") {
            let parts = entry.split(separator: ";").map { String($0).trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
            guard parts.first == "gzip" || parts.first == "x-gzip" else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) }
            return quality.map { $0 > 0 } ?? true
        }
        return false
    }

    static func gzip(_ bytes: [UInt8]) -> [UInt8]? {
        try? StandInGzip.compress(bytes)
    }
}
