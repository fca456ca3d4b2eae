#!/usr/bin/env bash
# Makes, from Examples/submissions, the sample class as two platforms export it, for the tests:
#
#   OUT/gradescope/      Gradescope's "Export Submissions": a submission_<id> folder per submission
#   OUT/gradescope.zip   (files at the top, in a sub-folder, among other files; a group of two) and
#                        submission_metadata.yml, written as Ruby's YAML writes it (Ruby-symbol keys,
#                        quoted SIDs, stored results with a multi-line output, a history).
#   OUT/canvas/          Canvas's "Download Submissions": flat files
#   OUT/canvas.zip       <lastfirst>[_LATE]_<user id>_<attachment id>_<name>, late submissions, re-uploads
#                        renamed Name-1.swift (next to an older, broken copy with a smaller id), a text
#                        entry, a stray file.
#
# OUT/students.tsv maps each sample student to the platforms' names and ids:
#   student  gradescope-folder  name  email  sid  canvas-user-id  canvas-name
# The zips are made only when zip is installed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
class="$here/../../Examples/submissions"
out="${1:?usage: make-exports.sh OUT}"
rm -rf "$out/gradescope" "$out/canvas" "$out/gradescope.zip" "$out/canvas.zip"
mkdir -p "$out/gradescope" "$out/canvas"

# student  first  last  canvas user id  gradescope submission id
roster="alice Alice Archer 1001 216975101
bob Bob Baker 1002 216975102
carol Carol Cole 1003 216975103
dave Dave Drake 1004 216975104
erin Erin Ellis 1005 216975105
frank Frank Ford 1006 216975106
grace Grace Gray 1007 216975107
heidi Heidi Hart 1008 216975108"

printf 'student\tgradescope-folder\tname\temail\tsid\tcanvas-user-id\tcanvas-name\n' >"$out/students.tsv"
yaml="$out/gradescope/submission_metadata.yml"
echo "---" >"$yaml"
attachment=50000
while read -r student first last uid sub; do
    folder="submission_$sub"
    email="$student@example.edu"
    sid="9$uid"
    lastfirst="$(printf '%s%s' "$last" "$first" | tr '[:upper:]' '[:lower:]')"
    printf '%s\t%s\t%s %s\t%s\t%s\t%s\t%s\n' "$student" "$folder" "$first" "$last" "$email" "$sid" "$uid" \
        "$lastfirst" >>"$out/students.tsv"

    # Gradescope: where each student's files sit in their submission folder.
    case "$student" in
        carol) dir="$out/gradescope/$folder/hw3" ;;
        dave) dir="$out/gradescope/$folder/backprop/src" ;;
        *) dir="$out/gradescope/$folder" ;;
    esac
    mkdir -p "$dir"
    cp "$class/$student"/*.swift "$dir/"
    [ "$student" = carol ] && echo "Carol's notes" >"$out/gradescope/$folder/README.md"
    [ "$student" = dave ] && echo "build output" >"$out/gradescope/$folder/backprop/Makefile"
    {
        echo "$folder:"
        echo "  :submitters:"
        echo "  - :name: $first $last"
        echo "    :sid: '$sid'"
        echo "    :email: $email"
        if [ "$student" = bob ]; then
            echo "  - :name: Bea Bishop"
            echo "    :sid: '91099'"
            echo "    :email: bea@example.edu"
        fi
        echo "  :created_at: 2026-11-20 10:0${uid: -1}:07.938335000 Z"
        echo "  :score: 0.0"
        echo "  :status: processed"
        echo "  :results:"
        echo "    score: 0.0"
        echo "    tests: []"
        echo "    output: |-"
        echo "      Earlier feedback, over"
        echo "      several lines: not a key"
        echo "    extra_data: "
        echo "    visibility: "
        echo "  :history:"
        echo "  - :submitters:"
        echo "    - :name: Someone Else"
        echo "      :sid: '1'"
        echo "      :email: someone@example.edu"
        echo "    :created_at: 2026-11-19 09:00:00.000000000 Z"
        echo "    :score: 0.0"
        echo "    :id: 21697$uid"
    } >>"$yaml"

    # Canvas: a late marker for frank and grace (LATE, and the older lower-case form); re-uploads.
    prefix="$lastfirst"
    case "$student" in
        frank) prefix="${lastfirst}_LATE" ;;
        grace) prefix="${lastfirst}_late" ;;
    esac
    for file in "$class/$student"/*.swift; do
        name="$(basename "$file")"
        attachment=$((attachment + 1))
        case "$student/$name" in
            dave/FullyConnected.swift | erin/Losses.swift)
                # An older upload that does not compile, then the real file, renamed by Canvas.
                echo "this does not compile" >"$out/canvas/${prefix}_${uid}_${attachment}_${name}"
                attachment=$((attachment + 1))
                cp "$file" "$out/canvas/${prefix}_${uid}_${attachment}_${name%.swift}-1.swift"
                ;;
            *) cp "$file" "$out/canvas/${prefix}_${uid}_${attachment}_${name}" ;;
        esac
    done
    [ "$student" = heidi ] && echo "<p>I also wrote this</p>" >"$out/canvas/${prefix}_${uid}_text.html"
done <<<"$roster"
echo "not a submission" >"$out/canvas/notes.txt"

if command -v zip >/dev/null 2>&1; then
    (cd "$out/gradescope" && zip -q -r -X "$out/gradescope.zip" .)
    (cd "$out/canvas" && zip -q -r -X "$out/canvas.zip" .)
fi
