/// Every text a report prints from a transcript, passed through one function before it is
/// rendered (`SafeText.visible` for the terminal, `SafeText.markdown` for Markdown), so no
/// renderer can forget a field. Numbers, enums and our own wording are left alone.
extension PanelSummary {
    public func mappingText(_ f: (String) -> String) -> PanelSummary {
        var copy = self
        copy.assessment = f(assessment)
        copy.title = f(title)
        copy.vacancy = Vacancy(reference: vacancy.reference.map(f), organization: vacancy.organization.map(f),
                               unit: vacancy.unit.map(f), grade: vacancy.grade.map(f), dutyStation: vacancy.dutyStation.map(f),
                               closingDate: vacancy.closingDate.map(f), source: vacancy.source.map(f))
        copy.candidate = Candidate(name: f(candidate.name), id: candidate.id.map(f))
        copy.panel = panel.map { Panelist(name: f($0.name), role: f($0.role), login: $0.login.map(f)) }
        copy.scale = scale.map { scale in
            var mapped = scale
            mapped.id = f(scale.id)
            mapped.labels = scale.labels.mapValues(f)
            return mapped
        }
        copy.items = items.map { $0.mappingText(f) }
        copy.languages = languages.map { line in
            var mapped = line
            mapped.language = f(line.language)
            mapped.notes = line.notes.map { $0.mappingText(f) }
            return mapped
        }
        copy.languageRequirement = languageRequirement.map(f)
        copy.languageReasons = languageReasons.map(f)
        copy.reasons = reasons.map(f)
        copy.override = override.map { OverrideLine(recommendation: $0.recommendation, justification: f($0.justification)) }
        copy.notes = notes.map { $0.mappingText(f) }
        copy.integrity = integrity.mappingText(f)
        copy.damage = damage.map { DamageLine(line: $0.line, kind: $0.kind, detail: f($0.detail)) }
        copy.voided = voided.map { VoidLine(at: $0.at, by: f($0.by), reason: f($0.reason)) }
        copy.signOff = signOff?.map { line in
            var mapped = line
            mapped.panelist = f(line.panelist)
            mapped.login = line.login.map(f)
            mapped.problem = line.problem.map(f)
            return mapped
        }
        copy.calibration = calibration.map { report in
            var mapped = report
            mapped.scenario = f(report.scenario)
            mapped.trainee = f(report.trainee)
            mapped.items = report.items.map { item in
                var mappedItem = item
                mappedItem.id = f(item.id)
                mappedItem.rationale = f(item.rationale)
                return mappedItem
            }
            mapped.furthest = report.furthest.map(f)
            return mapped
        }
        return copy
    }
}

extension ItemResult {
    func mappingText(_ f: (String) -> String) -> ItemResult {
        var copy = self
        copy.id = f(id)
        copy.name = f(name)
        copy.ratings = Dictionary(ratings.map { (f($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        copy.consensusRationale = consensusRationale.map(f)
        copy.summary = summary.map(f)
        // Entry by entry, so the list is copied only if some text changes (a summary of a
        // long transcript holds hundreds of thousands of entries; `f` returns most unchanged).
        for (index, entry) in evidence.enumerated() {
            let mapped = EvidenceEntry(panelist: f(entry.panelist), text: f(entry.text), source: entry.source)
            if mapped != entry { copy.evidence[index] = mapped }
        }
        copy.notes = notes.map { $0.mappingText(f) }
        copy.grid = grid?.mappingText(f)
        return copy
    }
}

extension RatingGrid {
    public func mappingText(_ f: (String) -> String) -> RatingGrid {
        var copy = self
        copy.item = f(item)
        copy.name = f(name)
        copy.rows = rows.map { Row(number: $0.number, text: f($0.text)) }
        copy.columns = columns.map { column in
            var mapped = column
            mapped.panelist = Panelist(name: f(column.panelist.name), role: f(column.panelist.role))
            mapped.label = column.label.map(f)
            mapped.evidence = column.evidence.map { Evidence(kind: $0.kind, text: f($0.text)) }
            return mapped
        }
        copy.consensusRationale = consensusRationale.map(f)
        copy.withheld = withheld.map { Withheld(panelist: f($0.panelist), rated: $0.rated, finished: $0.finished) }
        return copy
    }
}

extension NoteEntry {
    func mappingText(_ f: (String) -> String) -> NoteEntry {
        NoteEntry(panelist: f(panelist), at: at, text: f(text), about: about.map(f))
    }
}

extension Comparison {
    public func mappingText(_ f: (String) -> String) -> Comparison {
        var copy = self
        copy.assessment = f(assessment)
        copy.title = f(title)
        copy.items = items.map(f)
        copy.itemNames = itemNames.map(f)
        copy.candidates = candidates.map { row in
            var mapped = row
            mapped.name = f(row.name)
            mapped.id = row.id.map(f)
            mapped.items = Dictionary(row.items.map { (f($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
            mapped.bands = Dictionary(row.bands.map { (f($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
            mapped.reasons = row.reasons.map(f)
            mapped.languages = f(row.languages)
            mapped.panel = row.panel.map { Panelist(name: f($0.name), role: f($0.role)) }
            mapped.integrity = row.integrity.mappingText(f)
            mapped.transcript = f(row.transcript)
            return mapped
        }
        copy.calibration = calibration.map { row in
            var mapped = row
            mapped.name = f(row.name)
            return mapped
        }
        copy.groupCalibration = groupCalibration.map { group in
            var mapped = group
            mapped.scenario = f(group.scenario)
            mapped.trainees = group.trainees.map { trainee in
                var mappedTrainee = trainee
                mappedTrainee.name = f(trainee.name)
                mappedTrainee.differences = Dictionary(trainee.differences.map { (f($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
                mappedTrainee.furthest = trainee.furthest.map(f)
                mappedTrainee.transcript = f(trainee.transcript)
                return mappedTrainee
            }
            mapped.items = group.items.map { item in
                var mappedItem = item
                (mappedItem.id, mappedItem.rationale) = (f(item.id), f(item.rationale))
                return mappedItem
            }
            mapped.mostMissed = group.mostMissed.map(f)
            return mapped
        }
        copy.progress = progress?.map { trainee in
            var mapped = trainee
            mapped.name = f(trainee.name)
            mapped.sessions = trainee.sessions.map { session in
                var mappedSession = session
                (mappedSession.scenario, mappedSession.transcript) = (f(session.scenario), f(session.transcript))
                return mappedSession
            }
            return mapped
        }
        copy.warnings = warnings.map(f)
        copy.leftOut = leftOut.map { LeftOut(transcript: f($0.transcript), candidate: f($0.candidate), why: $0.why, reason: f($0.reason)) }
        return copy
    }
}

extension TranscriptEntry {
    public func mappingText(_ f: (String) -> String) -> TranscriptEntry {
        var copy = self
        copy.id = id.map(f)
        copy.candidate = candidate.map(f)
        copy.assessment = assessment.map(f)
        copy.panel = panel.map(f)
        copy.path = f(path)
        copy.problem = problem.map(f)
        return copy
    }
}

extension Integrity {
    /// The same, with the text the damage quotes mapped.
    func mappingText(_ f: (String) -> String) -> Integrity {
        switch self {
        case .verified: return .verified
        case .damaged(let damage): return .damaged(damage.mappingText(f))
        }
    }
}

extension TranscriptDamage {
    /// The damage with the text it quotes mapped; the line and the kind are our own words.
    func mappingText(_ f: (String) -> String) -> TranscriptDamage {
        switch self {
        case .tornLastLine: return self
        case .notATranscript(let detail): return .notATranscript(detail: f(detail))
        case .editedLine(let line, let detail): return .editedLine(line: line, detail: f(detail))
        case .deletedLine(let line, let detail): return .deletedLine(line: line, detail: f(detail))
        case .insertedLine(let line, let detail): return .insertedLine(line: line, detail: f(detail))
        case .reorderedLines(let line, let detail): return .reorderedLines(line: line, detail: f(detail))
        case .invalidEvent(let line, let detail): return .invalidEvent(line: line, detail: f(detail))
        }
    }
}
