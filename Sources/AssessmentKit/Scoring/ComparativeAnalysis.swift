/// Builds the comparative analysis of one assessment's candidates from their summaries.
public enum ComparativeAnalysis {
    /// Ranks the candidates (recommended first, then by mean final value) and measures the panel.
    /// Damaged transcripts are left out of both and listed, unless `acceptingDamage`: then they
    /// are compared on the events before their damage, and marked. Voided interviews have no
    /// result: they are always left out, and listed.
    /// `notRead`: files that gave no summary at all (unreadable, or a forged `started`),
    /// listed with the rest that is left out.
    public static func compare(_ all: [(summary: PanelSummary, path: String)], notRead: [LeftOut] = [],
                               acceptingDamage: Bool = false) throws(ComparisonError) -> Comparison {
        // Each interview counts once (a copy would weigh twice in the statistics); damaged
        // ones only when accepted.
        var summaries: [(summary: PanelSummary, path: String)] = []
        var leftOut = notRead
        var firstPath: [String: String] = [:]
        for entry in all {
            let summary = entry.summary
            let interview = ([summary.assessment, summary.candidate.name, summary.candidate.id ?? "", summary.started]
                + summary.panel.map(\.name)).joined(separator: "\u{0}")
            if let voided = summary.voided {
                leftOut.append(LeftOut(transcript: entry.path, candidate: candidateName(summary), why: .void,
                                       reason: "voided by \(voided.by): \(voided.reason)"))
            } else if let damage = summary.damage, !acceptingDamage {
                leftOut.append(LeftOut(transcript: entry.path, candidate: candidateName(summary), why: .damaged,
                                       reason: "damaged at line \(damage.line) (\(damage.kind))"))
            } else if let first = firstPath[interview] {
                leftOut.append(LeftOut(transcript: entry.path, candidate: candidateName(summary), why: .copy,
                                       reason: "the same interview as \(first)"))
            } else {
                firstPath[interview] = entry.path
                summaries.append(entry)
            }
        }
        guard let first = summaries.first?.summary else {
            let damaged = leftOut.filter { $0.why == .damaged }.count, voided = leftOut.filter { $0.why == .void }.count
            if damaged == 0 && voided > 0 { throw .allVoid(voided) }
            throw leftOut.isEmpty ? .nothingToCompare : .allDamaged(damaged)
        }
        let mocks = summaries.filter { $0.summary.mode == .mock }.count
        guard mocks == 0 || mocks == summaries.count else { throw .mixedModes(mock: mocks, interviews: summaries.count - mocks) }
        if mocks > 0 {
            // Only a closed mock has a calibration: the others are listed, not compared.
            for entry in summaries where entry.summary.calibration == nil {
                let trainee = entry.summary.panel.first?.name ?? "the trainee"
                let reason = entry.summary.damage.map { "damaged at line \($0.line): no calibration can be read from it" }
                    ?? "not closed: no calibration yet"
                leftOut.append(LeftOut(transcript: entry.path, candidate: trainee, why: entry.summary.damage == nil ? .open : .damaged, reason: reason))
            }
            summaries.removeAll { $0.summary.calibration == nil }
            guard !summaries.isEmpty else { throw .noClosedMock(leftOut.filter { $0.why == .open || $0.why == .damaged }.count) }
            // Trainees' mock interviews of several scenarios: how each one's calibration moves.
            let scenarios = Set(summaries.compactMap { $0.summary.calibration?.scenario })
            if scenarios.count > 1 { return try progress(summaries, leftOut: leftOut) }
        }
        var counts: [String: Int] = [:]
        for entry in summaries { counts[entry.summary.assessment, default: 0] += 1 }
        guard counts.count == 1 else { throw .mixedAssessments(counts) }
        let itemIDs = first.items.map(\.id)
        guard summaries.allSatisfy({ $0.summary.items.map(\.id) == itemIDs }) else {
            throw .differentItems(assessment: first.assessment)
        }

        var rows = summaries.map { entry -> CandidateRow in
            let summary = entry.summary
            let finals = summary.items.compactMap(\.final)
            let name = summary.mode == .mock ? "\(summary.candidate.name) · \(summary.panel.first?.name ?? "")" : summary.candidate.name
            return CandidateRow(
                name: name, id: summary.candidate.id, rank: 0, recommendation: summary.recommendation,
                items: Dictionary(summary.items.map { ($0.id, $0.final) }, uniquingKeysWith: { first, _ in first }),
                meanFinal: finals.isEmpty ? nil : finals.reduce(0, +) / Double(finals.count),
                languageRequirementMet: summary.languageRequirementMet, overridden: summary.override != nil,
                closed: summary.closed != nil,
                date: summary.date, integrity: summary.integrity, transcript: entry.path,
                bands: Dictionary(summary.items.map { ($0.id, $0.band) }, uniquingKeysWith: { first, _ in first }),
                reasons: summary.reasons, languages: languageLine(summary), panel: summary.panel, closedAt: summary.closed,
                endorsements: summary.endorsements)
        }
        rows.sort { a, b in
            if a.recommendation != b.recommendation { return a.recommendation == .recommended }
            if (a.meanFinal ?? -1) != (b.meanFinal ?? -1) { return (a.meanFinal ?? -1) > (b.meanFinal ?? -1) }
            return a.name < b.name
        }
        for index in rows.indices { rows[index].rank = index + 1 }

        let itemNames = first.items.map(\.name)
        var comparison = Comparison(
            assessment: first.assessment, title: first.title, method: first.method, scale: first.scale,
            items: itemIDs, itemNames: itemNames, candidates: rows,
            reliability: reliability(summaries.map(\.summary)), calibration: calibration(summaries.map(\.summary)),
            groupCalibration: groupCalibration(summaries, items: itemIDs), leftOut: leftOut,
            legend: Comparison.legend(items: itemIDs, itemNames: itemNames))
        // Two interviews of one candidate: both are ranked, and the reader must know.
        var pathsByID: [String: [String]] = [:]
        for entry in summaries { if let id = entry.summary.candidate.id { pathsByID[id, default: []].append(entry.path) } }
        comparison.warnings = pathsByID.keys.sorted().compactMap { id in
            guard let paths = pathsByID[id], paths.count > 1 else { return nil }
            return "candidate \(id) has \(paths.count) interviews here, each ranked: \(paths.joined(separator: ", ")); leave out the one that does not count"
        }
        comparison.acceptedDamage = acceptingDamage && summaries.contains { $0.summary.damage != nil }
        // Trainees are calibrated against the reference, not ranked as candidates, and their
        // agreement is the group's (one trainee per transcript: no panel to measure).
        if let group = comparison.groupCalibration {
            (comparison.candidates, comparison.calibration, comparison.reliability) = ([], [], group.reliability)
            comparison.legend = Comparison.groupLegend
            comparison.warnings = groupWarnings(summaries)
        }
        return comparison
    }

    /// What a trainer must know about a group: a trainee counted twice, or transcripts whose
    /// reference ratings differ (a scenario file changed between sessions).
    static func groupWarnings(_ entries: [(summary: PanelSummary, path: String)]) -> [String] {
        var warnings: [String] = []
        // By name as an alphabetical list reads it: "maria" is Maria again.
        var paths: [String: [String]] = [:], shown: [String: String] = [:]
        for entry in entries {
            guard let name = entry.summary.calibration?.trainee else { continue }
            paths[sortKey(name), default: []].append(entry.path)
            if shown[sortKey(name)] == nil { shown[sortKey(name)] = name }
        }
        for key in paths.keys.sorted() where (paths[key]?.count ?? 0) > 1 {
            let name = shown[key] ?? key
            warnings.append("\(name) has \(paths[key]?.count ?? 0) transcripts here, each counted as a trainee: \((paths[key] ?? []).joined(separator: ", ")); leave out those that should not count")
        }
        let references = entries.map { $0.summary.calibration?.items.map(\.reference) ?? [] }
        if Set(references).count > 1 {
            warnings.append("the reference ratings differ between these transcripts (the scenario file changed between sessions): each trainee is compared with the reference of their own session, and the Reference row shows the first")
        }
        return warnings
    }

    /// A name as an alphabetical list orders it: case and accents aside.
    static func sortKey(_ name: String) -> String {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// Each trainee's mock interviews over several scenarios, in the order held.
    static func progress(_ summaries: [(summary: PanelSummary, path: String)], leftOut: [LeftOut]) throws(ComparisonError) -> Comparison {
        let names = Set(summaries.compactMap { $0.summary.calibration?.trainee })
        guard names.count < summaries.count else {
            throw .separateGroups(scenarios: Set(summaries.compactMap { $0.summary.calibration?.scenario }).sorted())
        }
        var byTrainee: [String: [ProgressSession]] = [:]
        for (summary, path) in summaries.sorted(by: { $0.summary.started < $1.summary.started }) {
            guard let report = summary.calibration else { continue }
            // In steps (a point, or one indicator), so scales and the indicator method compare.
            let steps = report.items.compactMap { item in item.difference.map { $0 / item.step } }
            func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : Scoring.rounded(values.reduce(0, +) / Double(values.count)) }
            byTrainee[report.trainee, default: []].append(ProgressSession(
                date: summary.date, scenario: report.scenario, assessment: summary.assessment, method: summary.method,
                leniencySteps: mean(steps), distanceSteps: mean(steps.map(abs)),
                exactAgreement: report.exactAgreement, decisionAgrees: report.decisionAgrees, transcript: path))
        }
        let trainees = byTrainee.keys.sorted().map { name -> TraineeProgress in
            let sessions = byTrainee[name] ?? []
            func change(_ value: (ProgressSession) -> Double?) -> Double? {
                guard sessions.count > 1, let first = sessions.first.flatMap(value), let last = sessions.last.flatMap(value) else { return nil }
                return Scoring.rounded(abs(last) - abs(first))
            }
            return TraineeProgress(name: name, sessions: sessions, leniencyChange: change(\.leniencySteps),
                                   distanceChange: change(\.distanceSteps))
        }
        let first = summaries[0].summary
        var comparison = Comparison(
            assessment: Set(summaries.map(\.summary.assessment)).sorted().joined(separator: ", "), title: "Calibration over time",
            method: first.method, scale: first.scale, items: [], itemNames: [], candidates: [],
            reliability: block(RatingTable(raters: [], units: [], values: [])), calibration: [], groupCalibration: nil,
            leftOut: leftOut, legend: [:])
        comparison.progress = trainees
        return comparison
    }

    static func candidateName(_ summary: PanelSummary) -> String {
        summary.candidate.name + (summary.candidate.id.map { " (\($0))" } ?? "")
    }

    /// `english oral C1, written C2; french oral B2 · requirement english:fluent: met`.
    static func languageLine(_ summary: PanelSummary) -> String {
        var parts = summary.languages.map { line in
            line.language + " " + [line.oral.map { "oral \($0)" }, line.written.map { "written \($0)" }].compactMap { $0 }.joined(separator: ", ")
        }.joined(separator: "; ")
        if parts.isEmpty { parts = "none recorded" }
        guard let requirement = summary.languageRequirement, summary.mode == .interview else { return parts }
        let outcome: String
        switch summary.languageDecision {
        case .met: outcome = "met"
        case .notMet: outcome = "not met"
        case .undecided: outcome = "not shown"
        case .notAssessed: outcome = "not assessed"
        }
        return parts + " · requirement \(requirement): \(outcome)"
    }

    /// The group's calibration when every transcript is a closed mock interview of one scenario.
    static func groupCalibration(_ entries: [(summary: PanelSummary, path: String)], items: [String]) -> GroupCalibration? {
        let reports = entries.compactMap(\.summary.calibration)
        guard reports.count == entries.count, let scenario = reports.first?.scenario,
              reports.allSatisfy({ $0.scenario == scenario }) else { return nil }
        let trainees = zip(reports, entries).map { report, entry in
            TraineeCalibration(name: report.trainee,
                               differences: Dictionary(report.items.map { ($0.id, $0.difference) }, uniquingKeysWith: { first, _ in first }),
                               meanSignedDifference: report.meanSignedDifference,
                               meanAbsoluteDifference: report.meanAbsoluteDifference, exactAgreement: report.exactAgreement,
                               adjacentAgreement: report.adjacentAgreement, indicatorAgreement: report.indicatorAgreement,
                               decision: report.traineeDecision, decisionAgrees: report.decisionAgrees, furthest: report.furthest,
                               transcript: entry.path)
        }.sorted { (sortKey($0.name), $0.transcript) < (sortKey($1.name), $1.transcript) }  // alphabetical: not a ranking
        let groupItems = reports[0].items.map { item -> GroupItem in
            let differences = reports.compactMap { $0.items.first { $0.id == item.id }?.difference ?? nil }
            func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : Scoring.rounded(values.reduce(0, +) / Double(values.count)) }
            return GroupItem(id: item.id, reference: item.reference, meanSignedDifference: mean(differences),
                             meanAbsoluteDifference: mean(differences.map(abs)), rationale: item.rationale)
        }
        // The three largest, and any tied with the third: a tie is not cut by item order.
        let missed = groupItems.filter { ($0.meanAbsoluteDifference ?? 0) > 0 }
            .sorted { ($0.meanAbsoluteDifference ?? 0) > ($1.meanAbsoluteDifference ?? 0) }
        let cut = missed.count > 3 ? missed[2].meanAbsoluteDifference ?? 0 : 0
        let mostMissed = missed.enumerated().filter { $0.offset < 3 || ($0.element.meanAbsoluteDifference ?? 0) >= cut }.map(\.element.id)
        // A trainee who rated nothing is no rater.
        let rating = reports.filter { $0.items.contains { $0.trainee != nil } }
        func table(withReference: Bool) -> RatingTable {
            var raters = rating.map(\.trainee)
            if withReference { raters.append("reference") }
            let values = items.map { id -> [Double?] in
                var row = rating.map { report in report.items.first { $0.id == id }?.trainee }
                if withReference { row.append(reports[0].items.first { $0.id == id }?.reference) }
                return row
            }
            return RatingTable(raters: raters, units: items, values: values)
        }
        let differences = reports.flatMap { $0.items.compactMap(\.difference) }
        let count = Double(differences.count)
        return GroupCalibration(
            scenario: scenario, referenceDecision: reports[0].referenceDecision, trainees: trainees, items: groupItems,
            mostMissed: Array(mostMissed), reliability: block(table(withReference: false)),
            withReference: block(table(withReference: true)),
            meanAbsoluteDifference: differences.isEmpty ? nil : Scoring.rounded(differences.map(abs).reduce(0, +) / count),
            meanSignedDifference: differences.isEmpty ? nil : Scoring.rounded(differences.reduce(0, +) / count))
    }

    /// Units are (candidate, item) pairs; raters are the panelists, by name, who gave at least
    /// one rating in the set (not an examiner or an observing HR, who give none).
    static func ratingTable(_ summaries: [PanelSummary]) -> RatingTable {
        var names: [String] = []
        for summary in summaries {
            for panelist in summary.panel where !names.contains(panelist.name) { names.append(panelist.name) }
        }
        let raters = names.filter { name in summaries.contains { $0.items.contains { $0.ratings[name] != nil } } }
        var units: [String] = []
        var values: [[Double?]] = []
        for summary in summaries {
            for item in summary.items where !item.ratings.isEmpty {
                units.append("\(summary.candidate.id ?? summary.candidate.name)/\(item.id)")
                values.append(raters.map { item.ratings[$0] })
            }
        }
        return RatingTable(raters: raters, units: units, values: values)
    }

    static func reliability(_ summaries: [PanelSummary]) -> ReliabilityBlock {
        block(ratingTable(summaries))
    }

    /// Every statistic of a rating table, with readings.
    static func block(_ table: RatingTable) -> ReliabilityBlock {
        let icc = Reliability.icc(table)
        let ordinal = Reliability.alpha(table, metric: .ordinal)
        let interval = Reliability.alpha(table, metric: .interval)
        var block = ReliabilityBlock(units: table.units.count, raters: table.raters.count, iccUnits: icc.units,
                                     icc1: icc.icc1, icc2: icc.icc2, icc3: icc.icc3, icc1k: icc.icc1k, icc2k: icc.icc2k,
                                     icc3k: icc.icc3k, alphaOrdinal: ordinal, alphaInterval: interval, readings: [:])
        for (statistic, value) in block.statistics {
            if let value { block.readings[statistic] = statistic.reading(value) }
        }
        return block
    }

    static func calibration(_ summaries: [PanelSummary]) -> [PanelistCalibration] {
        let names = ratingTable(summaries).raters
        return names.map { name in
            var values: [Double] = []
            var distances: [Double] = []
            for summary in summaries {
                for item in summary.items {
                    guard let value = item.ratings[name] else { continue }
                    values.append(value)
                    if let final = item.final { distances.append(abs(value - final)) }
                }
            }
            var distribution: [String: Int] = [:]
            for value in values { distribution[format(Scoring.rounded(value)), default: 0] += 1 }
            return PanelistCalibration(
                name: name, ratings: values.count, distribution: distribution,
                mean: values.isEmpty ? nil : values.reduce(0, +) / Double(values.count),
                meanDistance: distances.isEmpty ? nil : distances.reduce(0, +) / Double(distances.count))
        }
    }
}
