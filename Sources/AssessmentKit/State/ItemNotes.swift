extension InterviewState {
    /// The notes on an item that are not retracted, oldest first.
    public func notes(item index: Int) -> [Recorded<Note>] { live(items[index].notes) }
}
