import Foundation

/// A whole HTML page around a body: the document's head (character set, the Content-Security-Policy,
/// the title, the inline style sheet), the body, then the inline script.
enum HTMLPage {
    /// The page's bytes (UTF-8, a final newline).
    ///
    /// - Parameters:
    ///   - title: the page's title (escaped).
    ///   - body: what goes in `<body>`.
    static func document(title: String, body: HTMLMarkup) -> Data {
        var page = HTMLMarkup()
        page.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        page.open("meta", ["http-equiv": "Content-Security-Policy", "content": HTMLAssets.contentSecurityPolicy])
        page.raw("\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        page.raw("<meta name=\"generator\" content=\"backprop-grader\">\n")
        page.element("title", title)
        page.raw("\n<style>")
        page.raw(HTMLAssets.style)
        page.raw("</style>\n</head>\n<body>\n")
        page.add(body)
        page.raw("\n<script>")
        page.raw(HTMLAssets.script)
        page.raw("</script>\n</body>\n</html>\n")
        return Data(page.text.utf8)
    }
}
