/// The class page's plots, drawn as inline SVG by the grader itself (no script, no font, no package):
/// a histogram, horizontal bars, and stacked bars. Each plot is an image with a name
/// (`aria-labelledby` its caption) and each bar carries its number as a `<title>` and in a
/// `data-count` or `data-rate` attribute; the page puts a table with the same numbers beside it.
enum SVGChart {
    /// A histogram: one bar per bucket, its count above it, the buckets' labels below.
    ///
    /// - Parameters:
    ///   - buckets: the buckets in order, each a label, a short axis label and a count.
    ///   - axis: the x axis's title.
    ///   - labelledBy: the id of the caption that names the plot.
    static func histogram(
        _ buckets: [(label: String, tick: String, count: Int)], axis: String, labelledBy: String
    ) -> HTMLMarkup {
        let barWidth = 52.0
        let left = 10.0
        let top = 18.0
        let plotHeight = 110.0
        let width = left * 2 + barWidth * Double(max(1, buckets.count))
        let highest = Double(max(1, buckets.map(\.count).max() ?? 0))
        var svg = HTMLMarkup()
        svg.open(
            "svg",
            [
                "class": "histogram", "role": "img", "aria-labelledby": labelledBy, "width": number(width),
                "height": number(top + plotHeight + 40),
                "viewBox": "0 0 \(number(width)) \(number(top + plotHeight + 40))",
            ])
        for (index, bucket) in buckets.enumerated() {
            let height = Double(bucket.count) / highest * plotHeight
            let x = left + Double(index) * barWidth
            svg.element(
                "rect",
                [
                    "class": "bar", "x": number(x + 2), "y": number(top + plotHeight - height),
                    "width": number(barWidth - 4), "height": number(height), "fill": "#3d6fb4",
                    "data-bucket": bucket.label, "data-count": String(bucket.count),
                ]
            ) { rect in
                rect.element("title", "\(bucket.label): \(bucket.count) student\(bucket.count == 1 ? "" : "s")")
            }
            svg.element(
                "text",
                ["x": number(x + barWidth / 2), "y": number(top + plotHeight - height - 4), "text-anchor": "middle"],
                String(bucket.count))
            svg.element(
                "text", ["x": number(x + barWidth / 2), "y": number(top + plotHeight + 14), "text-anchor": "middle"],
                bucket.tick)
        }
        svg.open(
            "line",
            [
                "x1": number(left), "y1": number(top + plotHeight), "x2": number(width - left),
                "y2": number(top + plotHeight), "stroke": "#1b1b1b",
            ])
        svg.close("line")
        svg.element(
            "text", ["x": number(width / 2), "y": number(top + plotHeight + 32), "text-anchor": "middle"], axis)
        svg.close("svg")
        return svg
    }

    /// Horizontal bars of fractions (0 to 1), each row a label, a bar and its percentage.
    static func rates(_ rows: [(label: String, fraction: Double)], labelledBy: String) -> HTMLMarkup {
        let labelWidth = 185.0
        let barSpace = 150.0
        let rowHeight = 22.0
        let width = labelWidth + barSpace + 60
        let height = rowHeight * Double(rows.count) + 4
        var svg = HTMLMarkup()
        svg.open(
            "svg",
            [
                "class": "rates", "role": "img", "aria-labelledby": labelledBy, "width": number(width),
                "height": number(height), "viewBox": "0 0 \(number(width)) \(number(height))",
            ])
        for (index, row) in rows.enumerated() {
            let y = Double(index) * rowHeight + 2
            let fraction = min(1, max(0, row.fraction))
            svg.element("text", ["x": "0", "y": number(y + 15)], row.label)
            svg.element(
                "rect",
                [
                    "x": number(labelWidth), "y": number(y + 3), "width": number(barSpace),
                    "height": "14", "fill": "#eeeeee",
                ]
            ) { _ in }
            svg.element(
                "rect",
                [
                    "class": "bar", "x": number(labelWidth), "y": number(y + 3),
                    "width": number(barSpace * fraction), "height": "14", "fill": "#2e7d32",
                    "data-quantity": row.label, "data-rate": HTMLFormat.number(row.fraction),
                ]
            ) { rect in
                rect.element("title", "\(row.label): \(HTMLFormat.percent(row.fraction)) passed")
            }
            svg.element(
                "text", ["x": number(labelWidth + barSpace + 6), "y": number(y + 15)],
                HTMLFormat.percent(row.fraction))
        }
        svg.close("svg")
        return svg
    }

    /// One stacked bar per row, its segments proportional to their counts and coloured by verdict.
    static func stacked(
        _ rows: [(label: String, segments: [(key: String, count: Int)])], labelledBy: String
    ) -> HTMLMarkup {
        let labelWidth = 170.0
        let barSpace = 520.0
        let rowHeight = 26.0
        let width = labelWidth + barSpace + 10
        let height = rowHeight * Double(rows.count) + 4
        var svg = HTMLMarkup()
        svg.open(
            "svg",
            [
                "class": "stacked", "role": "img", "aria-labelledby": labelledBy, "width": number(width),
                "height": number(height), "viewBox": "0 0 \(number(width)) \(number(height))",
            ])
        for (index, row) in rows.enumerated() {
            let y = Double(index) * rowHeight + 2
            let total = Double(max(1, row.segments.map(\.count).reduce(0, +)))
            svg.element("text", ["x": "0", "y": number(y + 17)], row.label)
            var x = labelWidth
            for segment in row.segments {
                let segmentWidth = Double(segment.count) / total * barSpace
                svg.element(
                    "rect",
                    [
                        "class": "segment", "x": number(x), "y": number(y + 3),
                        "width": number(segmentWidth), "height": "20", "fill": HTMLFormat.colour(segment.key),
                        "stroke": "#ffffff", "data-row": row.label, "data-verdict": segment.key,
                        "data-count": String(segment.count),
                    ]
                ) { rect in
                    rect.element("title", "\(row.label): \(HTMLFormat.verdict(segment.key)), \(segment.count)")
                }
                x += segmentWidth
            }
        }
        svg.close("svg")
        return svg
    }

    /// A small square of a colour, for a legend.
    static func swatch(_ colour: String) -> HTMLMarkup {
        var svg = HTMLMarkup()
        svg.open("svg", ["width": "12", "height": "12", "viewBox": "0 0 12 12", "aria-hidden": "true"])
        svg.element("rect", ["width": "12", "height": "12", "fill": colour, "stroke": "#888888"]) { _ in }
        svg.close("svg")
        return svg
    }

    /// A coordinate with at most one decimal.
    static func number(_ value: Double) -> String {
        HTMLFormat.number((value * 10).rounded() / 10)
    }
}
