import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
import UpstreamTransport

@Suite struct ResponseFramingTests {
    @Test func headResponseHasNoBodyAndTheConnectionStaysUsable() async throws {
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group) { request in
                request.head.method == .HEAD ? .init(declaredLengthWithoutBody: 100) : .init(body: "after head")
            }
            let loop = group.next()
            // If the decoder did not know the request was HEAD, it would wait for 100 body bytes and time out.
            let head = try await pool.send(.HEAD, to: local(server.port), on: loop, timeout: .seconds(3))
            #expect(head.status == .ok)
            #expect(head.headers.first(name: "content-length") == "100")
            #expect(head.body.readableBytes == 0)
            let next = try await pool.send(to: local(server.port), on: loop, timeout: .seconds(3))
            #expect(next.text == "after head")
            #expect(server.log.opened == 1)
            await server.stop()
        }
    }

    @Test func noContentAndNotModifiedHaveNoBody() async throws {
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group) { request in
                switch request.head.uri {
                case "/204": return .init(status: .noContent, declaredLengthWithoutBody: 0)
                case "/304": return .init(status: .notModified, headers: [("ETag", "\"1\"")], declaredLengthWithoutBody: 50)
                default: return .init(body: "plain")
                }
            }
            let loop = group.next()
            let noContent = try await pool.send(.GET, "/204", to: local(server.port), on: loop, timeout: .seconds(3))
            #expect(noContent.status == .noContent)
            #expect(noContent.body.readableBytes == 0)
            let notModified = try await pool.send(.GET, "/304", to: local(server.port), on: loop, timeout: .seconds(3))
            #expect(notModified.status == .notModified)
            #expect(notModified.body.readableBytes == 0)
            #expect(notModified.headers.first(name: "etag") == "\"1\"")
            let plain = try await pool.send(.GET, "/", to: local(server.port), on: loop, timeout: .seconds(3))
            #expect(plain.text == "plain")
            #expect(server.log.opened == 1)
            await server.stop()
        }
    }

    @Test func chunkedResponseIsAssembledIntoOneBuffer() async throws {
        let expected = String(repeating: "0123456789", count: 1000)
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group) { _ in
                .init(body: expected, chunked: true, chunkSize: 700)
            }
            let loop = group.next()
            let response = try await pool.send(to: local(server.port), on: loop)
            #expect(response.headers.first(name: "transfer-encoding") == "chunked")
            #expect(response.text == expected)
            // The connection is reusable after a chunked body.
            _ = try await pool.send(to: local(server.port), on: loop)
            #expect(server.log.opened == 1)
            await server.stop()
        }
    }

    @Test func largeBodyArrivesWhole() async throws {
        let size = 6 << 20
        let pattern = (0..<251).map { UInt8($0) }
        var expected = ByteBuffer()
        expected.reserveCapacity(size)
        while expected.readableBytes < size {
            expected.writeBytes(pattern.prefix(size - expected.readableBytes))
        }
        let body = expected
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group) { _ in
                var reply = TestHTTPServer.Reply()
                reply.body = body
                return reply
            }
            let loop = group.next()
            let response = try await pool.send(to: local(server.port), on: loop, timeout: .seconds(30))
            #expect(response.body.readableBytes == size)
            #expect(response.body == body)
            await server.stop()
        }
    }

    @Test(arguments: [false, true])
    func bodyOverTheLimitFailsAndClosesTheConnection(chunked: Bool) async throws {
        var configuration = UpstreamPoolConfiguration()
        configuration.maxResponseBody = 4000
        try await withPool(configuration: configuration) { group, pool in
            let server = try await TestHTTPServer.start(group: group) { request in
                request.head.uri == "/big"
                    ? .init(body: String(repeating: "x", count: 10_000), chunked: chunked, chunkSize: 1500)
                    : .init(body: String(repeating: "y", count: 4000))
            }
            let loop = group.next()
            await #expect(throws: UpstreamError.responseTooLarge) {
                try await pool.send(.GET, "/big", to: local(server.port), on: loop)
            }
            try await server.log.waitForClosed(atLeast: 1)
            // Exactly at the limit is fine.
            let fits = try await pool.send(.GET, "/fits", to: local(server.port), on: loop)
            #expect(fits.body.readableBytes == 4000)
            await server.stop()
        }
    }

    @Test func transportFramesTheRequest() async throws {
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group)
            let loop = group.next()
            let endpoint = local(server.port)
            _ = try await pool.send(
                .POST, "/Cust1/api/v1/Contact?$select=name", to: endpoint, on: loop,
                headers: ["Transfer-Encoding": "chunked", "Content-Length": "99", "Accept": "application/json"],
                body: "abc"
            )
            _ = try await pool.send(.GET, "/get", to: endpoint, on: loop)
            _ = try await pool.send(.POST, "/empty", to: endpoint, on: loop)
            _ = try await pool.send(.GET, "/own-host", to: endpoint, on: loop, headers: ["Host": "example.test"])

            let requests = server.requests
            try #require(requests.count == 4)
            let post = requests[0]
            #expect(post.head.uri == "/Cust1/api/v1/Contact?$select=name")
            #expect(post.head.headers["content-length"] == ["3"])
            #expect(post.head.headers["transfer-encoding"].isEmpty)
            #expect(post.head.headers["host"] == ["127.0.0.1:\(server.port)"])
            #expect(post.head.headers["accept"] == ["application/json"])
            #expect(String(buffer: post.body) == "abc")
            #expect(requests[1].head.headers["content-length"].isEmpty)
            #expect(requests[1].head.headers["transfer-encoding"].isEmpty)
            #expect(requests[2].head.headers["content-length"] == ["0"])
            #expect(requests[3].head.headers["host"] == ["example.test"])
            await server.stop()
        }
    }

    @Test(arguments: [10, 16 * 1024, 16 * 1024 + 1, 300_000])
    func requestBodyArrivesWhole(size: Int) async throws {
        let body = String(repeating: "abcdefghij", count: size / 10 + 1).prefix(size)
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group) { request in
                .init(body: String(request.body.readableBytes))
            }
            let loop = group.next()
            let response = try await pool.send(.PUT, "/upload", to: local(server.port), on: loop, body: String(body))
            #expect(response.text == String(size))
            #expect(server.requests.first.map { String(buffer: $0.body) } == String(body))
            #expect(server.requests.first?.head.headers["content-length"] == [String(size)])
            await server.stop()
        }
    }

    @Test func headerNamesAreMatchedCaseInsensitively() async throws {
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group)
            let loop = group.next()
            _ = try await pool.send(
                .POST, "/", to: local(server.port), on: loop,
                headers: ["HOST": "upper.example", "transfer-ENCODING": "chunked", "CONTENT-length": "7", "CONNECTION": "Close"],
                body: "xy"
            )
            _ = try await pool.send(.GET, "/", to: local(server.port), on: loop)
            let first = try #require(server.requests.first)
            #expect(first.head.headers["host"] == ["upper.example"])
            #expect(first.head.headers["transfer-encoding"].isEmpty)
            #expect(first.head.headers["content-length"] == ["2"])
            // `Connection: close` in any case means the connection is not reused.
            #expect(server.log.opened == 2)
            await server.stop()
        }
    }

    @Test func informationalResponseIsSkipped() async throws {
        try await withPool { group, pool in
            let server = try await RawTCPServer.start(group: group) { _, _, _ in
                .reply("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", close: false)
            }
            let response = try await pool.send(.POST, "/", to: local(server.port), on: group.next(), body: "x")
            #expect(response.status == .created)
            #expect(response.text == "ok")
            await server.stop()
        }
    }

    @Test func bodyDelimitedByTheConnectionsEndIsReadAndTheConnectionNotReused() async throws {
        try await withPool { group, pool in
            let server = try await RawTCPServer.start(group: group) { _, _, _ in
                .reply("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end", close: true)
            }
            let loop = group.next()
            let first = try await pool.send(to: local(server.port), on: loop)
            #expect(first.text == "until the end")
            let second = try await pool.send(.POST, "/", to: local(server.port), on: loop, body: "x")
            #expect(second.text == "until the end")
            #expect(server.log.opened == 2)
            await server.stop()
        }
    }

    @Test func bodyIsNotDecoded() async throws {
        try await withPool { group, pool in
            let server = try await TestHTTPServer.start(group: group) { _ in
                .init(headers: [("Content-Encoding", "gzip")], body: "not really gzip")
            }
            let response = try await pool.send(to: local(server.port), on: group.next())
            #expect(response.headers.first(name: "content-encoding") == "gzip")
            #expect(response.text == "not really gzip")
            await server.stop()
        }
    }
}
