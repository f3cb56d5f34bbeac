using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Netra.Runtime.Activation;

/// <summary>
/// Runs an activation's work one item at a time: request turns, the continuations of their awaits, and timer ticks.
/// It is the activation's <see cref="SynchronizationContext"/> while its code runs, so every await in grain code
/// resumes here (unless the code opts out with ConfigureAwait(false)). It borrows a thread-pool thread only while it
/// has work, and yields the thread after a bounded batch so one busy grain cannot starve the others.
/// </summary>
internal sealed class ActivationScheduler(ILogger logger, object owner) : SynchronizationContext, IThreadPoolWorkItem
{
    private const int BatchSize = 64;

    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private int _scheduled;

    /// <summary>Queues work. Thread-safe.</summary>
    public override void Post(SendOrPostCallback d, object? state)
    {
        _queue.Enqueue((d, state));
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            // The global queue, never the thread's local one: a thread picks its local work first, so a ping-pong of
            // activations that kept scheduling each other locally would starve everything in the global queue.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>Synchronous sends would block a turn; grain code never needs them.</summary>
    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send is not supported on a grain's scheduler.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Whether the calling code runs on this scheduler.</summary>
    public bool IsCurrent => Current == this;

    void IThreadPoolWorkItem.Execute()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            for (var i = 0; i < BatchSize && _queue.TryDequeue(out var item); i++)
            {
                try
                {
                    item.Callback(item.State);
                }
                catch (Exception exception)
                {
                    // Work items handle their own failures; reaching here is a runtime bug, so make it loud.
                    Log.SchedulerWorkItemFailed(logger, exception, owner.ToString());
                }
            }
        }
        finally
        {
            SetSynchronizationContext(previous);
        }

        // A full fence, not a volatile write: the store of 0 must be visible before we look at the queue, or a Post
        // that enqueued meanwhile and saw 1 would leave its item stranded (store-load reordering).
        Interlocked.Exchange(ref _scheduled, 0);
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }
}
