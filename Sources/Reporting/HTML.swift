/// Escaping for text and attribute values, so run reasons, actors and log lines can never
/// break the page's markup.
enum HTML {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A `<table>` with a caption, header row and body rows (cells escaped here).
    static func table(caption: String, header: [String], rows: [[String]], className: String = "data") -> String {
        var html = "<table class=\"\(className)\"><caption>\(escape(caption))</caption><thead><tr>"
        html += header.map { "<th scope=\"col\">\(escape($0))</th>" }.joined()
        html += "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>"
        }
        if rows.isEmpty { html += "<tr><td colspan=\"\(header.count)\">nothing recorded yet</td></tr>" }
        return html + "</tbody></table>"
    }
}
