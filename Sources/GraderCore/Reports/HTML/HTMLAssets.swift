import Foundation

/// The style sheet and the script every page carries inline (nothing is fetched: a report folder
/// can be zipped, mailed and opened offline), and the Content-Security-Policy that lets only these
/// two run: should any student text ever reach the page as markup, the browser would still refuse to
/// run it.
enum HTMLAssets {
    /// The style sheet: plain, printable, dark text on white.
    static let style: StaticString = """
        :root{--fg:#1b1b1b;--muted:#5b5b5b;--line:#d0d0d0;--bg:#fff;--accent:#0b57d0}
        *{box-sizing:border-box}
        body{font-family:"DejaVu Sans",system-ui,sans-serif;color:var(--fg);background:var(--bg);margin:0 auto;\
        max-width:80rem;padding:1rem 1.5rem 3rem;line-height:1.4;font-size:15px}
        h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
        h3{font-size:1.05rem;margin:1.2rem 0 .3rem}a{color:var(--accent)}
        .meta{color:var(--muted);margin:.2rem 0}.meta code{word-break:break-all}
        code,pre{font-family:"DejaVu Sans Mono",monospace;font-size:.85rem}
        pre{background:#f6f6f6;border:1px solid var(--line);padding:.5rem;overflow-x:auto;white-space:pre-wrap;\
        word-break:break-word;max-height:30rem}
        table{border-collapse:collapse;margin:.4rem 0 1rem}caption{text-align:left;color:var(--muted);\
        font-size:.85rem;padding:.2rem 0}
        th,td{border:1px solid var(--line);padding:.15rem .4rem;text-align:left;vertical-align:top}
        table.data{font-size:.85rem}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
        thead th{background:#f0f0f0}
        .plots{display:flex;flex-wrap:wrap;gap:1.5rem}figure{margin:0}figcaption{font-weight:bold;margin:.3rem 0}
        dl.stats{display:flex;flex-wrap:wrap;gap:.3rem 1.5rem;margin:.4rem 0}dl.stats div{display:flex;gap:.4rem}
        dl.stats dt{color:var(--muted)}dl.stats dd{margin:0;font-weight:bold}
        .legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1rem;margin:.3rem 0}
        .legend svg{vertical-align:middle;margin-right:.3rem}
        .note{color:var(--muted);font-size:.85rem}.bad{color:#b3261e}.good{color:#2e7d32}
        .mistakes>li{margin-bottom:1rem}.who{margin:.2rem 0}.who a{margin-right:.6rem;white-space:nowrap}
        .controls{margin:.5rem 0}.controls input{font:inherit;padding:.2rem .4rem;width:20rem}
        th button{font:inherit;font-weight:bold;border:0;background:none;padding:0;cursor:pointer;color:inherit}
        th[aria-sort=ascending] button::after{content:" \\25B2"}th[aria-sort=descending] button::after{content:" \\25BC"}
        svg text{font-size:12px;fill:#1b1b1b}
        .verdict{font-weight:bold}
        @media print{.controls{display:none}body{max-width:none;font-size:11pt}pre{max-height:none}\
        section,figure,tr{break-inside:avoid}a{color:inherit}}
        """

    /// The script: sorts and filters the students' table (reading only the page, never writing
    /// markup: rows are moved and hidden, text is set with `textContent`), applies a filter or an
    /// order given in the address's fragment (`#filter=carol`, `#sort=total&order=descending`), and
    /// marks the page ready as its last statement.
    static let script: StaticString = """
        (function () {
          'use strict';
          var table = document.getElementById('students-table');
          if (table) {
            var body = table.tBodies[0];
            var rows = Array.prototype.slice.call(body.rows);
            var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
            var filter = document.getElementById('students-filter');
            var shown = document.getElementById('students-shown');
            var sortBy = function (column, ascending) {
              var numeric = headers[column].hasAttribute('data-numeric');
              headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
              headers[column].setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
              var keyed = rows.map(function (row, index) {
                var cell = row.cells[column];
                var key = numeric ? parseFloat(cell.getAttribute('data-value')) : cell.textContent.toLowerCase();
                return { row: row, key: key, index: index };
              });
              keyed.sort(function (a, b) {
                var order = numeric ? a.key - b.key : a.key.localeCompare(b.key);
                return (ascending ? order : -order) || a.index - b.index;
              });
              keyed.forEach(function (item) { body.appendChild(item.row); });
            };
            var apply = function () {
              var needle = filter.value.trim().toLowerCase();
              var count = 0;
              rows.forEach(function (row) {
                var match = needle === '' || row.textContent.toLowerCase().indexOf(needle) >= 0;
                row.hidden = !match;
                if (match) { count += 1; }
              });
              shown.textContent = String(count);
            };
            headers.forEach(function (header, column) {
              var button = header.querySelector('button');
              if (button) {
                button.addEventListener('click', function () {
                  sortBy(column, header.getAttribute('aria-sort') !== 'ascending');
                });
              }
            });
            filter.addEventListener('input', apply);
            var wanted = {};
            location.hash.replace(/^#/, '').split('&').forEach(function (part) {
              var pair = part.split('=');
              if (pair.length !== 2) { return; }
              try { wanted[pair[0]] = decodeURIComponent(pair[1]); } catch (malformed) { wanted[pair[0]] = pair[1]; }
            });
            if (wanted.filter !== undefined) { filter.value = wanted.filter; }
            headers.forEach(function (header, column) {
              if (header.getAttribute('data-key') === wanted.sort) { sortBy(column, wanted.order !== 'descending'); }
            });
            document.getElementById('students-controls').hidden = false;
            apply();
          }
          document.body.setAttribute('data-report-ready', '1');
        })();
        """

    /// The page's Content-Security-Policy: nothing from anywhere, but this style sheet and this
    /// script (by their SHA-256).
    static let contentSecurityPolicy: String =
        "default-src 'none'; style-src 'sha256-\(digest(style))'; script-src 'sha256-\(digest(script))'; "
        + "img-src 'none'; base-uri 'none'; form-action 'none'"

    /// The base64 of the SHA-256 of a text's UTF-8 bytes, as CSP writes a hash.
    static func digest(_ text: StaticString) -> String {
        let hex = Array(SHA256.hex(text.description.utf8).utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index + 1 < hex.count {
            let pair = String(decoding: hex[index...index + 1], as: UTF8.self)
            bytes.append(UInt8(pair, radix: 16) ?? 0)
            index += 2
        }
        return Data(bytes).base64EncodedString()
    }
}
