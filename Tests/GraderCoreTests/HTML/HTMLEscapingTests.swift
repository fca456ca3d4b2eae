import Foundation
import GraderCore
import TestSupport
import Testing

/// Whatever a student controls (a folder name, what the submission prints, the compiler's
/// diagnostics of their file, a hint quoting them, the submission's path) reaches the pages as text.
@Suite struct HTMLEscapingTests {
    static let hostileName = "<img src=x onerror=alert(1)>"
    static let hostileOutput = "</pre><script>alert(2)</script><b onmouseover=alert(3)>bold</b>"
    static let hostileDiagnostics = "Activations.swift:1:1: error: </pre><script>alert(4)</script>\n'\"&"
    static let hostileHint = "Your ReLU <svg onload=alert(5)> mask: use x > 0 & dout."
    static let hostilePath = "class/\"'><iframe src=javascript:alert(6)>"

    func hostileClass() throws -> HTMLTestClass {
        var test = try HTMLTestClass.sample()
        test.add(
            Self.hostileName, .fcBackward, HTMLTestClass.fcPassed,
            output: "[FullyConnected: 9 bytes]\n" + Self.hostileOutput,
            submission: Self.hostilePath)
        test.add(
            Self.hostileName, .activationBackward,
            [
                HTMLTestClass.method(.sigmoidBackward, .passed, 5, of: 5),
                HTMLTestClass.method(
                    .reluBackward, .wrongValues, 1, of: 5, mistake: "relu.mask-strict", hint: Self.hostileHint),
            ], diagnostics: Self.hostileDiagnostics)
        return test
    }

    /// No markup but the grader's: one script, no element a payload would make.
    func expectInert(_ page: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(page.components(separatedBy: "<script").count == 2, sourceLocation: sourceLocation)
        for injected in ["<img", "<iframe", "<b onmouseover", "<svg onload", "</pre><script"] {
            #expect(!page.contains(injected), "\(injected)", sourceLocation: sourceLocation)
        }
    }

    @Test func theClassPageShowsAHostileNameAsTextAndLinksToItsFolder() throws {
        let test = try hostileClass()
        let page = HTMLText.page(try ClassFileFormat.classPage.render(test.compacted))
        expectInert(page)
        #expect(page.contains(">&lt;img src=x onerror=alert(1)&gt;</a>"))
        #expect(page.contains("&lt;svg onload=alert(5)&gt; mask: use x &gt; 0 &amp; dout."))
        let link = "%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E/index.html"
        #expect(page.contains("<a href=\"\(link)\">&lt;img src=x onerror=alert(1)&gt;</a>"))
        #expect(HTMLText.percentDecoded(link) == StudentID(Self.hostileName).folderName + "/index.html")
    }

    @Test func theStudentPageShowsHostileOutputDiagnosticsHintsAndPathsAsText() throws {
        let test = try hostileClass()
        let student = StudentID(Self.hostileName)
        let page = HTMLText.page(
            try StudentFileFormat.page.render(test.compacted, student, try #require(test.reports[student])))
        expectInert(page)
        #expect(page.contains("<title>&lt;img src=x onerror=alert(1)&gt; · grader report</title>"))
        #expect(page.contains("<h1 id=\"student\">&lt;img src=x onerror=alert(1)&gt;</h1>"))
        #expect(page.contains(HTMLEscaping.escape(Self.hostileOutput)))
        #expect(
            page.contains(
                "<strong>Activations.swift:1:1: error: &lt;/pre&gt;&lt;script&gt;alert(4)&lt;/script&gt;</strong>"))
        #expect(page.contains("\n&#39;&quot;&amp;</pre>"))
        #expect(page.contains(HTMLEscaping.escape(Self.hostileHint)))
        #expect(page.contains("<code>" + HTMLEscaping.escape(Self.hostilePath) + "</code>"))
    }

    @Test(arguments: [
        "Smith, \"Al\" Jr", "50% done", "a#b?c=d&e", "spaced name", "zoé", ".hidden", "index.html", "grades.csv",
        "tab\there", "quote'single",
    ])
    func linksReachTheStudentsFolderWhateverItsName(_ name: String) throws {
        var test = try HTMLTestClass()
        test.add(name, .fcBackward, HTMLTestClass.fcPassed)
        test.add(name, .activationBackward, HTMLTestClass.activationPassed)
        let page = HTMLText.page(try ClassFileFormat.classPage.render(test.compacted))
        let links = try HTMLText.captures(#"<th scope="row"><a href="([^"]+)">([^<]*)</a>"#, in: page)
        let link = try #require(links.first)
        #expect(link[1] == HTMLEscaping.escape(name))
        #expect(
            link[0].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~%/".contains($0)) }, "\(link[0])")
        #expect(HTMLText.percentDecoded(link[0]) == StudentID(name).folderName + "/index.html")
        expectInert(page)
    }

    @Test func aFolderNameThatIsNotUTF8IsLinkedByItsEscapedFolder() throws {
        var test = try HTMLTestClass()
        test.add("placeholder", .fcBackward, HTMLTestClass.fcPassed)
        let student = StudentID(bytes: [0x61, 0xFF, 0x3C, 0x62])
        test.students = [student]
        test.reports = [student: test.reports[StudentID("placeholder")] ?? [:]]
        let page = HTMLText.page(try ClassFileFormat.classPage.render(test.compacted))
        #expect(student.folderName == "a%FF<b")
        #expect(page.contains("<a href=\"a%25FF%3Cb/index.html\">a\u{FFFD}&lt;b</a>"))
    }
}
