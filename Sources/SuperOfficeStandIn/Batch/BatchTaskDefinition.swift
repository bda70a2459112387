/// A kind of batch task with its SuperOffice resource id and translations, so SO-Language visibly changes answers.
struct BatchTaskDefinition: Sendable {
    var name: String
    var resourceId: String
    var texts: [StandInLanguage: String]
    var fileExtension: String

    /// `[SR_...]` when untranslated (reference §3), otherwise the text for the language (English as fallback).
    func description(in language: StandInLanguage?) -> String {
        guard let language else { return "[\(resourceId)]" }
        return texts[language] ?? texts[.english] ?? "[\(resourceId)]"
    }

    static let all: [BatchTaskDefinition] = [
        .init(
            name: "ExportArchive", resourceId: "SR_BATCH_EXPORT_ARCHIVE",
            texts: [
                .english: "Export archive to Excel", .norwegian: "Eksporter arkiv til Excel",
                .swedish: "Exportera arkiv till Excel", .danish: "Eksportér arkiv til Excel",
                .german: "Archiv nach Excel exportieren",
            ],
            fileExtension: "xlsx"
        ),
        .init(
            name: "MassMailing", resourceId: "SR_BATCH_MASS_MAILING",
            texts: [
                .english: "Send mass mailing", .norwegian: "Send masseutsendelse", .swedish: "Skicka massutskick",
                .danish: "Send masseudsendelse", .german: "Massenmailing senden",
            ],
            fileExtension: "eml"
        ),
        .init(
            name: "ImportContacts", resourceId: "SR_BATCH_IMPORT_CONTACTS",
            texts: [
                .english: "Import companies", .norwegian: "Importer firmaer", .swedish: "Importera företag",
                .danish: "Importér firmaer", .german: "Firmen importieren",
            ],
            fileExtension: "csv"
        ),
        .init(
            name: "FreetextReindex", resourceId: "SR_BATCH_FREETEXT_REINDEX",
            texts: [
                .english: "Rebuild free-text index", .norwegian: "Bygg fritekstindeks på nytt",
                .swedish: "Bygg om fritextindex", .danish: "Genopbyg fritekstindeks", .german: "Volltextindex neu aufbauen",
            ],
            fileExtension: "log"
        ),
        .init(
            name: "DocumentMerge", resourceId: "SR_BATCH_DOCUMENT_MERGE",
            texts: [
                .english: "Merge documents", .norwegian: "Flett dokumenter", .swedish: "Sammanfoga dokument",
                .danish: "Flet dokumenter", .german: "Dokumente zusammenführen",
            ],
            fileExtension: "docx"
        ),
    ]

    /// The untranslated / translated progress caption.
    static func progressCaption(in language: StandInLanguage?) -> String {
        switch language {
        case nil: return "[SR_BATCH_PROGRESS_RUNNING]"
        case .english: return "Processing records"
        case .norwegian: return "Behandler poster"
        case .swedish: return "Bearbetar poster"
        case .danish: return "Behandler poster"
        case .german: return "Datensätze werden verarbeitet"
        }
    }
}
