import NIOCore

/// A minimal JSON object writer for the gateway's own small answers (problems, admin endpoints).
///
/// Hand-written because Foundation's JSONEncoder needs Codable types and allocates far more than these
/// few flat objects deserve; it only ever writes strings, integers, booleans, nulls and nested objects.
struct JSONWriter {
    private var out: [UInt8] = []
    private var needsComma: [Bool] = []

    init() {
        out.reserveCapacity(256)
    }

    mutating func beginObject() {
        out.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    mutating func endObject() {
        out.append(UInt8(ascii: "}"))
        needsComma.removeLast()
    }

    mutating func member(_ name: String, string value: String) {
        key(name)
        appendString(value)
    }

    mutating func member(_ name: String, int value: Int) {
        key(name)
        out.append(contentsOf: String(value).utf8)
    }

    mutating func member(_ name: String, bool value: Bool) {
        key(name)
        out.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func member(_ name: String, double value: Double) {
        key(name)
        out.append(contentsOf: (value.isFinite ? String(value) : "null").utf8)
    }

    /// A member whose value is unknown or does not apply (the access log writes every field on every line).
    mutating func nullMember(_ name: String) {
        key(name)
        out.append(contentsOf: "null".utf8)
    }

    /// Starts a nested object as the value of `name`; close it with `endObject()`.
    mutating func beginObject(_ name: String) {
        key(name)
        beginObject()
    }

    func buffer() -> ByteBuffer {
        ByteBuffer(bytes: out)
    }

    func string() -> String {
        String(decoding: out, as: UTF8.self)
    }

    private mutating func key(_ name: String) {
        if needsComma[needsComma.count - 1] {
            out.append(UInt8(ascii: ","))
        }
        needsComma[needsComma.count - 1] = true
        appendString(name)
        out.append(UInt8(ascii: ":"))
    }

    private mutating func appendString(_ value: String) {
        out.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
