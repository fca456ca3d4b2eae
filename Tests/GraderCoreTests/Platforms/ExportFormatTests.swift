import Foundation
import GraderCore
import Testing

/// The platforms' download formats, read by hand: Gradescope's `submission_metadata.yml` and Canvas's
/// file names.
@Suite("Platform downloads")
struct ExportFormatTests {
    /// The shape of a real programming export (keys, nesting, quoting and empty values as Ruby's YAML
    /// writes them), with made-up people, a group, stored results with a block scalar and a history.
    static let realExport = """
        ---
        submission_216975964:
          :submitters:
          - :name: Ada Lovelace
            :sid: '00123'
            :email: ada@example.edu
          - :name: Charles Babbage
            :sid: '00456'
            :email: charles@example.edu
          :created_at: 2023-12-02 02:52:07.938335000 Z
          :score: 0.0
          :status: processed
          :results:
            score: 0.0
            tests: []
            output: |-
              :submitters:
              - :name: not a person
            extra_data: 
            visibility: 
            leaderboard: []
          :history:
          - :submitters: []
            :created_at: 2023-12-04 07:30:05.262325000 Z
            :score: 0.0
          - :submitters:
            - :name: Earlier Person
              :sid: '1'
            :id: 217383000
        submission_216975965:
          :submitters:
          - :name: "Zo\\u00E9 O'Neil"
            :sid: '00789'
            :email: zoe@example.edu
            section_name: some-class-sem-001
          :created_at: 2023-12-03 10:00:00.000000000 Z

        """

    @Test func gradescopeMetadataGivesEachFolderItsSubmittersOnly() {
        let metadata = GradescopeMetadata(parsing: Self.realExport)
        #expect(metadata.entries.keys.sorted() == ["submission_216975964", "submission_216975965"])
        let group = metadata.entries["submission_216975964"]
        #expect(
            group?.submitters == [
                ["name": "Ada Lovelace", "sid": "00123", "email": "ada@example.edu"],
                ["name": "Charles Babbage", "sid": "00456", "email": "charles@example.edu"],
            ])
        #expect(group?.createdAt == "2023-12-02 02:52:07.938335000 Z")
        let single = metadata.entries["submission_216975965"]
        #expect(
            single?.submitters == [
                [
                    "name": "Zoé O'Neil", "sid": "00789", "email": "zoe@example.edu",
                    "section_name": "some-class-sem-001",
                ]
            ])
    }

    @Test func gradescopeMetadataReadsIndentedSequencesQuotesAndFoldedValues() {
        let text = """
            '12345_empty_file':
              :submitters:
                - :name: 'It''s me'
                  :email: me@example.edu # a comment
                  :sid: ~
              :created_at: 2020-02-27 06:58:05.746365000 Z
            other:
              :submitters: []
            """
        let metadata = GradescopeMetadata(parsing: text)
        #expect(
            metadata.entries["12345_empty_file"]?.submitters == [
                ["name": "It's me", "email": "me@example.edu", "sid": ""]
            ])
        #expect(metadata.entries["other"]?.submitters == [])
        #expect(GradescopeMetadata(parsing: "").entries.isEmpty)
        #expect(GradescopeMetadata(parsing: "not: [yaml\n  - at all:").entries.keys.sorted() == ["not"])
    }

    @Test(arguments: [
        ("smithalice_1001_50002_FullyConnected.swift", "smithalice", false, "1001", "50002", "FullyConnected.swift"),
        ("smithalice_LATE_1001_50002_Losses-1.swift", "smithalice", true, "1001", "50002", "Losses-1.swift"),
        ("smithalice_late_1001_50002_Losses.swift", "smithalice", true, "1001", "50002", "Losses.swift"),
        ("van_der_berg_1001_7_my_2_file.swift", "van_der_berg", false, "1001", "7", "my_2_file.swift"),
        ("anon_ab12c_50002_Activations.swift", "", false, "anon_ab12c", "50002", "Activations.swift"),
        ("LATE_anon_ab12c_50002_Activations.swift", "", true, "anon_ab12c", "50002", "Activations.swift"),
        ("_1001_50002_x.swift", "", false, "1001", "50002", "x.swift"),
    ])
    func canvasFileNamesCarryTheNameTheIdsAndTheLateMark(
        _ file: String, _ name: String, _ late: Bool, _ user: String, _ attachment: String, _ display: String
    ) throws {
        let parsed = try #require(CanvasFileName(file))
        #expect(parsed.name == name)
        #expect(parsed.late == late)
        #expect(parsed.userID == user)
        #expect(parsed.attachmentID == attachment)
        #expect(parsed.displayName == display)
        #expect(parsed.isUpload)
    }

    @Test func canvasTextAndLinkEntriesHaveNoAttachment() throws {
        let text = try #require(CanvasFileName("smithalice_LATE_1001_text.html"))
        #expect(text.userID == "1001" && text.late && text.attachmentID == nil && text.displayName == "text.html")
        #expect(try #require(CanvasFileName("smithalice_1001_link.html")).isUpload == false)
    }

    @Test(arguments: ["FullyConnected.swift", "notes.txt", "alice_bob.swift", "alice_1001", "alice_1001_x.swift", ""])
    func namesThatAreNotCanvasOnesAreRefused(_ file: String) {
        #expect(CanvasFileName(file) == nil)
    }

    @Test func reuploadSuffixesComeOffOnlyToRestoreAnExpectedName() throws {
        let expected = ["FullyConnected.swift", "Activations.swift", "Losses.swift"]
        let name = { (display: String) in
            try #require(CanvasFileName("a_1_2_" + display)).intendedName(among: expected)
        }
        #expect(try name("FullyConnected-1.swift") == "FullyConnected.swift")
        #expect(try name("Losses-12.swift") == "Losses.swift")
        #expect(try name("Losses.swift") == "Losses.swift")
        #expect(try name("Losses-x.swift") == "Losses-x.swift")
        #expect(try name("Losses-.swift") == "Losses-.swift")
        #expect(try name("Other-1.swift") == "Other-1.swift")
        #expect(try name("Losses-1.txt") == "Losses-1.txt")
    }
}
