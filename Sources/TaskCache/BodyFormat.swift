/// Which syntax a request body uses, decided from its `Content-Type`, so the parser picks one scanner.
enum BodyFormat {
    case json
    case xml
    case form

    /// `application/json`, `text/json`, `*/*+json` → JSON; `application/xml`, `text/xml`, `*/*+xml` → XML;
    /// `application/x-www-form-urlencoded` → form; parameters (charset) are ignored; missing or unknown → JSON.
    /// Compares bytes in place: this runs on every cached request.
    init(contentType: String?) {
        guard var contentType else {
            self = .json
            return
        }
        let format = contentType.withUTF8 { bytes -> BodyFormat in
            var end = 0
            while end < bytes.count, bytes[end] != UInt8(ascii: ";") {
                end += 1
            }
            var start = 0
            while start < end, ASCIIBytes.isWhitespace(bytes[start]) {
                start += 1
            }
            while end > start, ASCIIBytes.isWhitespace(bytes[end - 1]) {
                end -= 1
            }
            let raw = UnsafeRawBufferPointer(bytes)
            let count = end - start
            if ASCIIBytes.equalsIgnoringCase(raw, from: start, count: count, "application/xml")
                || ASCIIBytes.equalsIgnoringCase(raw, from: start, count: count, "text/xml")
            {
                return .xml
            }
            if ASCIIBytes.equalsIgnoringCase(raw, from: start, count: count, "application/x-www-form-urlencoded") {
                return .form
            }
            if count >= 4, ASCIIBytes.equalsIgnoringCase(raw, from: end - 4, count: 4, "+xml") {
                return .xml
            }
            return .json
        }
        self = format
    }
}
