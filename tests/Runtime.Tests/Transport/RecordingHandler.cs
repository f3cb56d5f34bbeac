using System.Buffers;
using System.Collections.Concurrent;
using Netra.Runtime.Transport;

namespace Netra.Runtime.Tests.Transport;

/// <summary>An <see cref="IFrameHandler"/> that copies every Data frame and records every close, for tests to inspect.</summary>
public sealed class RecordingHandler : IFrameHandler
{
    private readonly ConcurrentQueue<byte[]> _frames = new();
    private readonly ConcurrentQueue<(TransportConnection Connection, Exception? Reason)> _closes = new();
    private readonly TaskCompletionSource<(TransportConnection, Exception?)> _firstClose =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, OnFrame blocks on it: the receive loop stops reading, as a stalled receiver would.</summary>
    public ManualResetEventSlim? Gate { get; set; }

    /// <summary>Called with each frame's copy before it is recorded.</summary>
    public Action<TransportConnection, byte[]>? OnData { get; set; }

    public int Count => _frames.Count;

    public IReadOnlyList<byte[]> Frames => _frames.ToArray();

    public IReadOnlyList<(TransportConnection Connection, Exception? Reason)> Closes => _closes.ToArray();

    /// <summary>The first connection close this handler saw.</summary>
    public Task<(TransportConnection Connection, Exception? Reason)> FirstClose => _firstClose.Task;

    public void OnFrame(TransportConnection connection, FrameKind kind, ReadOnlySequence<byte> payload)
    {
        Gate?.Wait(TimeSpan.FromSeconds(30));
        var copy = payload.ToArray();
        OnData?.Invoke(connection, copy);
        _frames.Enqueue(copy);
    }

    public void OnClosed(TransportConnection connection, Exception? reason)
    {
        _closes.Enqueue((connection, reason));
        _firstClose.TrySetResult((connection, reason));
    }
}
