import GatewayCompression
import NIOCore
import NIOHTTP1

/// Makes every answer's encoding one the partner accepted: passes encoded bytes through when accepted,
/// decodes them when not (the Kong #12796 bug we will not have), and compresses large JSON/XML answers
/// for partners that accept gzip or deflate.
public struct ContentEncodingStage: GatewayStage {
    let enabled: Bool
    let minSize: Int
    let level: Int
    /// Bound on decoded sizes, so a hostile or broken upstream gzip cannot exhaust memory.
    let maxDecodedSize: Int

    public init(enabled: Bool, minSize: Int, level: Int, maxDecodedSize: Int) {
        self.enabled = enabled
        self.minSize = minSize
        self.level = level
        self.maxDecodedSize = maxDecodedSize
    }

    public func handle(_ request: GatewayRequest, next: StageChain.Next) -> EventLoopFuture<GatewayResponse> {
        let acceptHeaders = request.head.headers["Accept-Encoding"]
        let isHead = request.head.method == .HEAD
        let requestId = request.requestId
        return next(request).map { response in
            shape(response, acceptHeaders: acceptHeaders, isHead: isHead, requestId: requestId)
        }
    }

    func shape(_ response: GatewayResponse, acceptHeaders: [String], isHead: Bool, requestId: String) -> GatewayResponse {
        guard let body = response.body, body.readableBytes > 0, !isHead else { return response }
        let accept = AcceptEncoding(acceptHeaders)
        var response = response
        if let encoding = response.headers.first(name: "Content-Encoding") {
            let coding = ContentCoding(rawValue: encoding.trimmingSpaces().lowercased())
            addVary(&response.headers)
            if let coding, coding != .identity, accept.accepts(coding) {
                return response
            }
            guard let coding, coding != .identity else {
                if encoding.lowercased() == "identity" {
                    response.headers.remove(name: "Content-Encoding")
                    return response
                }
                return Problem.badGateway(detail: "SuperOffice answered with an encoding the gateway cannot decode.")
                    .response(requestId: requestId)
            }
            do {
                let decoded = try HTTPCompression.decompress(body, coding: coding, maxSize: maxDecodedSize, allocator: ByteBufferAllocator())
                response.headers.remove(name: "Content-Encoding")
                response.headers.remove(name: "Content-Length")
                response.body = decoded
                return compressIfWorthIt(response, accept: accept)
            } catch .tooLarge {
                return Problem.badGateway(detail: "SuperOffice's decoded answer exceeded the gateway's size limit.")
                    .response(requestId: requestId)
            } catch {
                return Problem.badGateway(detail: "SuperOffice sent a corrupt compressed answer.")
                    .response(requestId: requestId)
            }
        }
        return compressIfWorthIt(response, accept: accept)
    }

    private func compressIfWorthIt(_ response: GatewayResponse, accept: AcceptEncoding) -> GatewayResponse {
        guard enabled, let body = response.body, Self.isCompressible(response.headers.first(name: "Content-Type")) else {
            return response
        }
        var response = response
        addVary(&response.headers)
        guard body.readableBytes >= minSize, let coding = accept.preferred(from: [.gzip, .deflate]), coding != .identity else {
            return response
        }
        do {
            let compressed = coding == .gzip
                ? try HTTPCompression.gzip(body, level: level, allocator: ByteBufferAllocator())
                : try HTTPCompression.deflate(body, level: level, allocator: ByteBufferAllocator())
            response.body = compressed
            response.headers.replaceOrAdd(name: "Content-Encoding", value: coding.rawValue)
            response.headers.remove(name: "Content-Length")
            return response
        } catch {
            // Compression is an optimisation: on failure the identity answer is still correct.
            return response
        }
    }

    private func addVary(_ headers: inout HTTPHeaders) {
        for (name, value) in headers where HeaderName.equals(name, "vary") && HeaderName.contains(value, "accept-encoding") {
            return
        }
        headers.add(name: "Vary", value: "Accept-Encoding")
    }

    /// JSON and XML answers are worth compressing; images and documents usually are not.
    static func isCompressible(_ contentType: String?) -> Bool {
        guard let type = contentType else { return false }
        return HeaderName.hasPrefix(type, "application/json") || HeaderName.hasPrefix(type, "text/json")
            || HeaderName.hasPrefix(type, "application/xml") || HeaderName.hasPrefix(type, "text/xml")
            || HeaderName.contains(type, "+json") || HeaderName.contains(type, "+xml")
    }
}
