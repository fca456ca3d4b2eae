#!/usr/bin/env python3
"""assert-dom.py KIND DOM.html ARGS... -- checks a report page as the browser rendered it.

Reads the DOM that headless Chromium dumped (after the page's script ran) and checks it against the
grader's own files, which it reads independently of the HTML renderer:

  class DOM REPORTS          the class page against REPORTS/summary.json and REPORTS/grades.csv:
                             histograms (bars and tables), pass rates, the stacked verdicts, the
                             mistakes, the students' table (order, scores, links that reach a page)
  sorted DOM COLUMN ORDER    the students' rows are in that order of that column (page opened with
                             #sort=COLUMN&order=ORDER)
  filtered DOM TEXT          only the rows holding TEXT are shown (page opened with #filter=TEXT)
  student DOM FOLDER NAME    a student's page against the JSON reports in FOLDER: scores, verdicts,
                             failing cases, the commands that reproduce them; NAME is the student
  inert DOM PAYLOAD...       no element a payload could make (img, iframe, class xss-canary, a second
                             script, an event handler attribute), the title untouched, and each
                             PAYLOAD present as text

Python 3 standard library only. Exit 0 when every check holds, 1 otherwise (each failure on stderr).
"""
import csv
import html.parser
import json
import os
import sys
import urllib.parse

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
    return condition


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def find(self, tag=None, **attrs):
        return [n for n in self.walk() if (tag is None or n.tag == tag)
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def has_class(self, name):
        return name in (self.attrs.get("class") or "").split()


VOID = {"meta", "input", "br", "img", "link", "hr", "source", "wbr", "col", "area", "base", "embed", "track"}


class Builder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(path):
    builder = Builder()
    with open(path, encoding="utf-8") as f:
        builder.feed(f.read())
    return builder.root


def number(value):
    """A number as the pages (and summary.json) write it: no needless .0."""
    return str(int(value)) if float(value) == int(float(value)) else repr(float(value))


def percent(fraction):
    return number(round(fraction * 1000) / 10) + "%"


def common(dom):
    body = dom.find("body")
    check(body and body[0].attrs.get("data-report-ready") == "1", "the page's script did not finish")
    check(len(dom.find("script")) == 1, "expected exactly one script, found %d" % len(dom.find("script")))


def class_page(dom, reports):
    common(dom)
    with open(os.path.join(reports, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    with open(os.path.join(reports, "grades.csv"), encoding="utf-8", newline="") as f:
        grades = list(csv.reader(f))
    check(dom.find("code", id="seed")[0].text() == str(summary["seed"]), "seed")
    for entry in summary["exercises"]:
        name = entry["exercise"]
        sections = dom.find("section", data_exercise=name)
        if not check(len(sections) == 1, "no section for " + name):
            continue
        section = sections[0]
        svg = [n for n in section.find("svg") if n.has_class("histogram")]
        check(len(svg) == 1, name + ": no histogram")
        bars = [n for n in svg[0].find("rect") if n.has_class("bar")] if svg else []
        check(len(bars) == 10, "%s: %d histogram bars" % (name, len(bars)))
        for bar in bars:
            bucket = bar.attrs.get("data-bucket")
            check(int(bar.attrs.get("data-count")) == entry["distribution"][bucket], name + " bar " + bucket)
            check(float(bar.attrs.get("height")) >= 0, name + " bar height")
        cells = [n for n in section.find("td") if "data-bucket" in n.attrs]
        check(len(cells) == 10, "%s: %d histogram table cells" % (name, len(cells)))
        for cell in cells:
            check(int(cell.text()) == entry["distribution"][cell.attrs["data-bucket"]], name + " table " + cell.attrs["data-bucket"])
        for quantity, rate in entry["passRate"].items():
            bar = [n for n in section.find("rect", data_quantity=quantity)]
            check(len(bar) == 1 and float(bar[0].attrs["data-rate"]) == rate, name + " pass-rate bar " + quantity)
            cell = [n for n in section.find("td", data_quantity=quantity)]
            check(len(cell) == 1 and cell[0].text() == percent(rate), "%s pass rate %s: %r" % (name, quantity, cell and cell[0].text()))
        for stat in ["mean", "median"]:
            shown = section.find("dd", data_stat=stat)
            check(shown and shown[0].text() == number(entry[stat]), "%s %s: %r vs %r" % (name, stat, shown and shown[0].text(), entry[stat]))
        segments = {n.attrs["data-verdict"]: int(n.attrs["data-count"]) for n in dom.find("rect", data_row=name)}
        check(segments == {v["label"]: v["count"] for v in entry["verdicts"]}, name + " verdicts %r" % segments)
        for quantity, counts in entry.get("mistakes", {}).items():
            for count in counts:
                items = dom.find("li", data_mistake=count["label"], data_quantity=quantity)
                check(len(items) == 1 and items[0].attrs["data-count"] == str(count["count"]), "mistake " + count["label"])
                if items:
                    who = [a for p in items[0].find("p") if p.has_class("who") for a in p.find("a")]
                    check(len(who) == count["count"], "mistake %s: %d students listed" % (count["label"], len(who)))
    table = dom.find("table", id="students-table")
    if not check(len(table) == 1, "no students' table"):
        return
    rows = table[0].find("tr")[1:]
    check([r.find("a")[0].text() for r in rows] == [g[0] for g in grades[1:]], "students' rows: not grades.csv's order")
    for row, grade in zip(rows, grades[1:]):
        values = [c.attrs.get("data-value") for c in row.find("td")]
        check(values == grade[1:], "%s: %r vs grades.csv %r" % (grade[0], values, grade[1:]))
        href = row.find("a")[0].attrs["href"]
        check(os.path.isfile(os.path.join(reports, urllib.parse.unquote(href))), "link %s: no such page" % href)
    check(dom.find("span", id="students-shown")[0].text() == str(len(rows)), "shown count")
    check("hidden" not in dom.find("div", id="students-controls")[0].attrs, "the table's controls are still hidden")


def sorted_rows(dom, column, order):
    common(dom)
    table = dom.find("table", id="students-table")[0]
    header = [h for h in table.find("th", data_key=column)]
    check(header and header[0].attrs.get("aria-sort") == order, "aria-sort of %s is not %s" % (column, order))
    rows = table.find("tr")[1:]
    values = [float(r.find("td", data_exercise=column)[0].attrs["data-value"]) for r in rows]
    check(values == sorted(values, reverse=(order == "descending")), "%s not %s: %r" % (column, order, values))
    print("sorted by %s, %s: %s" % (column, order, ", ".join(number(v) for v in values)))


def filtered_rows(dom, text):
    common(dom)
    rows = dom.find("table", id="students-table")[0].find("tr")[1:]
    shown = [r.find("a")[0].text() for r in rows if "hidden" not in r.attrs]
    check(shown and all(text.lower() in r.text().lower() for r in rows if "hidden" not in r.attrs), "filter %r shows %r" % (text, shown))
    check(all(text.lower() not in r.text().lower() for r in rows if "hidden" in r.attrs), "filter %r hides a match" % text)
    check(dom.find("span", id="students-shown")[0].text() == str(len(shown)), "shown count after filter")
    print("filtered by %r: %s of %d rows shown (%s)" % (text, len(shown), len(rows), ", ".join(shown)))


def student_page(dom, folder, name):
    common(dom)
    check(dom.find("h1", id="student")[0].text() == name, "h1 is not the student's name")
    reports = {}
    for file in sorted(os.listdir(folder)):
        if file.endswith(".json"):
            with open(os.path.join(folder, file), encoding="utf-8") as f:
                report = json.load(f)
            reports[report["exercise"]] = report
    check(float(dom.find("strong", id="total")[0].text()) == round(sum(r["score"] for r in reports.values()), 3), "total")
    cases = 0
    for exercise, report in reports.items():
        row = dom.find("tr", data_exercise=exercise)
        check(row and float(row[0].find("td", data_score="")[0].text()) == report["score"], exercise + " score")
        section = dom.find("section", data_exercise=exercise)[0]
        for method in report["methods"]:
            tr = section.find("tr", data_quantity=method["name"])
            check(tr and tr[0].attrs["data-verdict"] == method["status"], method["name"] + " verdict")
            check(tr and tr[0].find("td")[0].text() == "%s/%s" % (number(method["score"]), number(method["maxScore"])), method["name"] + " score")
            if not method["failures"]:
                continue
            block = section.find("div", data_quantity=method["name"])
            if not check(len(block) == 1, method["name"] + ": failures not shown"):
                continue
            for failure in method["failures"]:
                cases += 1
                tr = block[0].find("tr", data_case=str(failure["caseIndex"]))
                check(len(tr) == 1, "%s case %d not shown" % (method["name"], failure["caseIndex"]))
                if tr and isinstance(failure.get("maxError"), float):
                    check(float(tr[0].find("td")[6].text()) == failure["maxError"], "largest error")
            commands = [c.text() for c in block[0].find("code")]
            for failure in method["failures"]:
                check(any("--case %d " % failure["caseIndex"] in c for c in commands), "no reproduce command")
        if report.get("diagnostics"):
            pre = [p for p in section.find("pre") if p.has_class("diagnostics")]
            check(pre and pre[0].text() == report["diagnostics"], exercise + ": diagnostics not shown as is")
    print("%s: %d exercises, %d failing cases shown" % (name, len(reports), cases))


def inert(dom, payloads):
    common(dom)
    for tag in ["img", "iframe", "object", "embed"]:
        check(not dom.find(tag), "a <%s> element was injected" % tag)
    check(not [n for n in dom.walk() if n.has_class("xss-canary")], "an element of class xss-canary was injected")
    check(not [n for n in dom.walk() if any(k.startswith("on") for k in n.attrs)], "an event-handler attribute")
    titles = dom.find("title")
    check(titles and "pwned" not in titles[0].text(), "the title was changed by a script")
    text = dom.text()
    for payload in payloads:
        check(payload in text, "payload not shown as text: %r" % payload)


def main():
    kind, path, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
    dom = parse(path)
    {"class": lambda: class_page(dom, rest[0]), "sorted": lambda: sorted_rows(dom, rest[0], rest[1]),
     "filtered": lambda: filtered_rows(dom, rest[0]), "student": lambda: student_page(dom, rest[0], rest[1]),
     "inert": lambda: inert(dom, rest)}[kind]()
    if failures:
        for failure in failures:
            print("assert-dom: %s: %s" % (path, failure), file=sys.stderr)
        sys.exit(1)
    print("assert-dom: OK %s %s" % (kind, path))


if __name__ == "__main__":
    main()
