import ArgumentParser
import AssessmentKit
import Foundation

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare the candidates of one assessment, with the panel's reliability; or trainees' mock assessments.",
        discussion: """
            Ranks the candidates (recommended first, then by mean final value), shows each item's final value, \
            the panel's reliability over every (candidate, item) pair (ICC(1,1) … ICC(3,k), Krippendorff's alpha \
            ordinal and interval; '—' / null where it cannot be computed) and a calibration row per panelist. \
            The raters are the panelists who gave a rating (not an examiner, or HR where it observes). Ratings \
            of an open blind interview not yet revealed are left out of its row and of the statistics. \
            A closed interview that not every panelist has validly endorsed is marked 'not fully endorsed: N/M' \
            (its rank does not change). \
            Mock assessments are not ranked. Over one scenario, compare gives the group's calibration: each \
            trainee's difference from the reference panel per item, leniency, distance, agreement and decision \
            against the reference's, the items the group got most wrong, and the agreement among the trainees. \
            Over several scenarios, each trainee's calibration over time, in steps so scales and indicators compare. \
            Mock interviews not closed are listed and left out. \
            Give transcript files, or one folder: its .jsonl files are read, subfolders included. \
            Damaged transcripts are left out of the ranking and the statistics, listed, and make the exit status 1; \
            --accept-damaged compares what the events before their damage say, marked as such. \
            Text longer than the screen goes through $ASSESS_PAGER, $PAGER or 'less -FRX' at a terminal; \
            --no-pager turns it off.
            """)

    @Argument(help: ArgumentHelp("Transcripts, or one folder of them.", valueName: "TRANSCRIPT"))
    var transcripts: [String]

    @OptionGroup var report: ReportOutputOptions

    @Flag(help: "Compare damaged transcripts too, on the events before their damage (marked as such).")
    var acceptDamaged = false

    func validate() throws {
        if transcripts.isEmpty { throw ValidationError("give transcripts or a folder, e.g. 'assess compare Transcripts/lmi-intern'") }
    }

    func run() throws {
        var paths: [String] = []
        // A file that cannot be read, or is no transcript (its first line is damaged or
        // forged), is left out and listed like a damaged one; the others are still compared.
        var notRead: [LeftOut] = []
        for argument in transcripts {
            let contents = try orFail { try TranscriptListing.contents(named: argument) }
            paths += contents.files
            notRead += contents.unreadable.map {
                LeftOut(transcript: $0.path, candidate: "(unknown)", why: .unreadable, reason: "unreadable (\($0.error))")
            }
        }
        var summaries: [(summary: PanelSummary, path: String)] = []
        // The comparison shows no evidence.
        for (path, result) in zip(paths, TranscriptSummary.summaries(paths: paths, withEvidence: false)) {
            switch result {
            case .success(let summary):
                summaries.append((summary, path))
            case .failure(TranscriptError.notATranscript(_, let reason)):
                notRead.append(LeftOut(transcript: path, candidate: "(unknown)", why: .damaged,
                                              reason: "damaged at line 1 (not a transcript: \(reason))"))
            case .failure(TranscriptError.cannotOpen(_, let reason)):
                notRead.append(LeftOut(transcript: path, candidate: "(unknown)", why: .unreadable, reason: "unreadable (\(reason))"))
            case .failure(let error):
                throw fail("\(error)")
            }
        }
        for entry in notRead { complain("\(entry.transcript): \(entry.reason)") }
        let comparison: Comparison
        do {
            comparison = try ComparativeAnalysis.compare(summaries, notRead: notRead, acceptingDamage: acceptDamaged)
        } catch {
            for entry in summaries { if let damage = entry.summary.damage { complain("\(entry.path): \(damage.detail)") } }
            throw fail(error.description)
        }
        try report.write { color, out in out(ComparisonReport.render(comparison, as: report.format, color: color)) }
        // A copy of an interview is counted once, and makes the command fail like damage does.
        let copies = comparison.leftOut.filter { $0.why == .copy }
        for copy in copies { complain("\(copy.transcript) is \(copy.reason); it is counted once") }
        for warning in comparison.warnings { complain(warning, level: "warning") }
        try damageStatus(summaries.map { ($0.path, $0.summary.damage) }, accepted: acceptDamaged)
        if !copies.isEmpty || !notRead.isEmpty { throw ExitCode.failure }
    }
}
