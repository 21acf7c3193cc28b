import Dispatch
import Synchronization

/// Maps `items` on two threads, keeping their order. Each thread makes its own context
/// (an `EventDecoder`, say) with `makeContext`, since contexts need not be thread-safe.
func parallelMap<Item, Context, Output>(_ items: [Item], makeContext: () -> Context,
                                        _ transform: (Item, Context) -> Output) -> [Output] {
    guard items.count > 1 else { return items.map { transform($0, makeContext()) } }
    return [Output](unsafeUninitializedCapacity: items.count) { output, count in
        let next = Atomic<Int>(0)
        nonisolated(unsafe) let (items, output, contexts) = (items, output, [makeContext(), makeContext()])
        withoutActuallyEscaping(transform) { transform in
            nonisolated(unsafe) let transform = transform
            DispatchQueue.concurrentPerform(iterations: 2) { thread in
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < items.count else { return }
                    (output.baseAddress! + index).initialize(to: transform(items[index], contexts[thread]))
                }
            }
        }
        count = items.count
    }
}
