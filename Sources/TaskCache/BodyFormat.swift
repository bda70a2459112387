/// Which syntax a request body uses, decided from its `Content-Type`, so the parser picks one scanner.
enum BodyFormat {
    case json
    case xml
    case form

    /// `application/json`, `text/json`, `*/*+json` → JSON; `application/xml`, `text/xml`, `*/*+xml` → XML;
    /// `application/x-www-form-urlencoded` → form; parameters (charset) are ignored; missing or unknown → JSON.
    init(contentType: String?) {
        guard let contentType else {
            self = .json
            return
        }
        let mediaType = contentType.utf8.prefix { $0 != UInt8(ascii: ";") }
        let trimmed = ASCIIBytes.trimmingWhitespace(ArraySlice(mediaType))
        let lowered = String(decoding: trimmed.map(ASCIIBytes.lower), as: UTF8.self)
        switch lowered {
        case "application/xml", "text/xml":
            self = .xml
        case "application/x-www-form-urlencoded":
            self = .form
        default:
            self = lowered.hasSuffix("+xml") ? .xml : .json
        }
    }
}
