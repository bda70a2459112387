/// `/status` as server-rendered HTML: its own small stylesheet, no scripts, no external assets, and a meta
/// refresh so an open tab stays current. Every value carries `data-k`, its path in `/status.json`.
enum StatusPage {
    /// How often an open page reloads itself.
    static let refreshSeconds = 5

    static func render(_ report: StatusReport) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta http-equiv="refresh" content="\(refreshSeconds)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>so-gateway status</title>
            <style>\(stylesheet)</style>
            </head><body>
            <header><h1>so-gateway</h1><span class="state \(healthClass(report))">\(escape(summary(report)))</span>
            <span class="muted">refreshes every \(refreshSeconds) s · <a href="status.json">status.json</a></span></header>
            <main>

            """
        for section in report.sections {
            switch section {
            case .values(let key, let title, let fields):
                html += "<section><h2>\(escape(title))</h2><dl>"
                for field in fields {
                    html += "<dt>\(escape(field.label))</dt>" + cell("dd", path: key + "." + field.key, field.value)
                }
                html += "</dl></section>\n"
            case .table(let key, let title, let rowTitle, let columns, let rows):
                html += "<section class=\"wide\"><h2>\(escape(title))</h2>"
                guard !rows.isEmpty else {
                    html += "<p class=\"muted\">none yet</p></section>\n"
                    continue
                }
                html += "<table><thead><tr><th>\(escape(rowTitle))</th>"
                for column in columns { html += "<th>\(escape(column.label))</th>" }
                html += "</tr></thead><tbody>"
                for row in rows {
                    html += "<tr><th scope=\"row\">\(escape(row.key))</th>"
                    for (column, value) in zip(columns, row.values) {
                        html += cell("td", path: key + "." + row.key + "." + column.key, value)
                    }
                    html += "</tr>"
                }
                html += "</tbody></table></section>\n"
            }
        }
        html += "</main></body></html>\n"
        return html
    }

    private static func cell(_ tag: String, path: String, _ value: StatusValue) -> String {
        "<\(tag) data-k=\"\(escape(path))\">\(escape(value.display))</\(tag)>"
    }

    private static func summary(_ report: StatusReport) -> String {
        var problems = [String]()
        if report.upstream.circuit == "open" { problems.append("upstream circuit open") }
        if report.redis.store == "down" { problems.append("rate-limit store down") }
        if report.redis.bus == "unsubscribed" { problems.append("cache bus unsubscribed") }
        if report.redis.sharedStore == "down" { problems.append("shared cache tier down") }
        if report.credentials.contains(where: { $0.status.lastRenewalResult == "failed" }) { problems.append("credential renewal failed") }
        return problems.isEmpty ? "all good" : problems.joined(separator: " · ")
    }

    private static func healthClass(_ report: StatusReport) -> String {
        summary(report) == "all good" ? "ok" : "warn"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static let stylesheet = """
        :root{--fg:#1d2330;--muted:#6b7385;--line:#e3e6ec;--bg:#f6f7f9;--card:#fff;--ok:#1f8a4c;--warn:#b4480c}
        *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
        header{display:flex;gap:1rem;align-items:baseline;flex-wrap:wrap;padding:1rem 1.5rem;background:var(--card);border-bottom:1px solid var(--line)}
        h1{font-size:1.25rem;margin:0}h2{font-size:.95rem;margin:0 0 .6rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
        .state{font-weight:600;padding:.1rem .55rem;border-radius:1rem;color:#fff}.state.ok{background:var(--ok)}.state.warn{background:var(--warn)}
        .muted{color:var(--muted)}a{color:inherit}
        main{display:grid;grid-template-columns:repeat(auto-fill,minmax(22rem,1fr));gap:1rem;padding:1rem 1.5rem}
        section{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem}section.wide{grid-column:1/-1;overflow-x:auto}
        dl{display:grid;grid-template-columns:auto 1fr;gap:.3rem 1rem;margin:0}dt{color:var(--muted)}dd{margin:0;font-variant-numeric:tabular-nums;word-break:break-all}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid var(--line);white-space:nowrap}
        td{font-variant-numeric:tabular-nums}thead th{color:var(--muted);font-weight:500}
        """
}
