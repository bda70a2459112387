import NIOCore
import NIOHTTP1

extension UpstreamRequest {
    /// What `serialize` produced: the bytes to send and whether the request asked to close the connection.
    struct Wire {
        var bytes: ByteBuffer
        var closeAfterResponse: Bool
    }

    /// Bodies up to this size are copied behind the head, so the request leaves in one buffer.
    static let inlineBodyLimit = 16 * 1024

    /// Serializes the request head (and a small body) as HTTP/1.1, validating as it goes.
    ///
    /// `Host` is added when absent; `Content-Length` always comes from `body` (a caller's value is dropped, as is
    /// `Transfer-Encoding`), so the framing can never disagree with the bytes. Header names must be tokens, values
    /// must hold no control characters but HTAB, and the target no control characters or spaces: nothing can
    /// split the request. Writing it here, in one pass with one buffer call per line, replaces NIO's encoder and
    /// header validator, which cost several message hops per request.
    func serialize(hostHeader: String, allocator: ByteBufferAllocator) throws(UpstreamError) -> Wire {
        let bodyLength = self.body?.readableBytes ?? 0
        let inlineBody = bodyLength > 0 && bodyLength <= Self.inlineBodyLimit
        var bytes = allocator.buffer(capacity: 512 + self.target.utf8.count + (inlineBody ? bodyLength : 0))

        guard Self.writeRequestLine(self.method.rawValue, self.target, into: &bytes) else {
            throw UpstreamError.requestNotSerializable("the target has a space or control character")
        }
        var hasHost = false
        var closeAfterResponse = false
        for (name, value) in self.headers {
            switch HeaderRole(name) {
            case .framing:
                continue
            case .host:
                hasHost = true
            case .connection:
                closeAfterResponse = closeAfterResponse || value.lowercased().contains("close")
            case .other:
                break
            }
            guard Self.writeField(name, value, into: &bytes) else {
                throw UpstreamError.requestNotSerializable("a header has an invalid name or value")
            }
        }
        if !hasHost {
            guard Self.writeField("Host", hostHeader, into: &bytes) else {
                throw UpstreamError.requestNotSerializable("invalid host")
            }
        }
        if bodyLength > 0 || self.method.framesEmptyBody {
            _ = Self.writeField("Content-Length", String(bodyLength), into: &bytes)
        }
        bytes.writeInteger(UInt16(0x0D0A))  // CRLF: end of head
        if inlineBody, var body = self.body {
            bytes.writeBuffer(&body)
        }
        return Wire(bytes: bytes, closeAfterResponse: closeAfterResponse)
    }

    /// Whether the body still has to be written after `serialize`'s bytes.
    var bodyIsSeparate: Bool {
        (self.body?.readableBytes ?? 0) > Self.inlineBodyLimit
    }

    /// `METHOD SP target SP HTTP/1.1 CRLF`, or false when the target could split the request.
    private static func writeRequestLine(_ method: String, _ target: String, into bytes: inout ByteBuffer) -> Bool {
        var method = method
        var target = target
        return method.withUTF8 { method in
            target.withUTF8 { target in
                guard !method.isEmpty, method.allSatisfy({ $0.isTokenCharacter }),
                    !target.isEmpty, target.allSatisfy({ $0 > 0x20 && $0 != 0x7F })
                else { return false }
                let version: StaticString = " HTTP/1.1\r\n"
                bytes.writeWithUnsafeMutableBytes(minimumWritableBytes: method.count + target.count + 12) { out in
                    var offset = out.append(method, at: 0)
                    out[offset] = UInt8(ascii: " ")
                    offset = out.append(target, at: offset + 1)
                    return out.append(UnsafeBufferPointer(start: version.utf8Start, count: version.utf8CodeUnitCount), at: offset)
                }
                return true
            }
        }
    }

    /// `name: value CRLF`, or false when the name is not a token or the value holds a control character.
    private static func writeField(_ name: String, _ value: String, into bytes: inout ByteBuffer) -> Bool {
        var name = name
        var value = value
        return name.withUTF8 { name in
            value.withUTF8 { value in
                guard !name.isEmpty, name.allSatisfy({ $0.isTokenCharacter }),
                    value.allSatisfy({ $0 >= 0x20 ? $0 != 0x7F : $0 == 0x09 })
                else { return false }
                bytes.writeWithUnsafeMutableBytes(minimumWritableBytes: name.count + value.count + 4) { out in
                    var offset = out.append(name, at: 0)
                    out[offset] = UInt8(ascii: ":")
                    out[offset + 1] = UInt8(ascii: " ")
                    offset = out.append(value, at: offset + 2)
                    out[offset] = UInt8(ascii: "\r")
                    out[offset + 1] = UInt8(ascii: "\n")
                    return offset + 2
                }
                return true
            }
        }
    }

    /// The few header names the transport treats specially, recognised without allocating.
    private enum HeaderRole {
        case host, framing, connection, other

        init(_ name: String) {
            switch name.utf8.count {
            case 4 where name.utf8.equalsIgnoringASCIICase("host"):
                self = .host
            case 10 where name.utf8.equalsIgnoringASCIICase("connection"):
                self = .connection
            case 14 where name.utf8.equalsIgnoringASCIICase("content-length"),
                17 where name.utf8.equalsIgnoringASCIICase("transfer-encoding"):
                self = .framing
            default:
                self = .other
            }
        }
    }
}

extension String.UTF8View {
    /// Compares with a lowercase ASCII literal, ignoring the case of ASCII letters.
    fileprivate func equalsIgnoringASCIICase(_ lowercase: StaticString) -> Bool {
        guard self.count == lowercase.utf8CodeUnitCount else { return false }
        return lowercase.withUTF8Buffer { expected in
            zip(self, expected).allSatisfy { byte, wanted in
                byte == wanted || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") && byte | 0x20 == wanted)
            }
        }
    }
}

extension UnsafeMutableRawBufferPointer {
    /// Copies `bytes` to `offset` (the caller reserved the room) and returns the offset after them.
    fileprivate func append(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        UnsafeMutableRawBufferPointer(rebasing: self[offset..<(offset + bytes.count)]).copyMemory(from: UnsafeRawBufferPointer(bytes))
        return offset + bytes.count
    }
}

extension UInt8 {
    /// RFC 9110 `tchar`.
    fileprivate var isTokenCharacter: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}

extension HTTPMethod {
    /// Methods framed with a Content-Length even when the body is empty, as servers expect one.
    fileprivate var framesEmptyBody: Bool {
        switch self {
        case .POST, .PUT, .PATCH: return true
        default: return false
        }
    }
}
