using System.Runtime.CompilerServices;

namespace Netra.Runtime.Invocation;

/// <summary>A call in flight, as the caller sees it: what its timeout scan and its cancellation act on.</summary>
internal interface IPendingCall
{
    long Id { get; }

    /// <summary>The call's message, whose request knows how to read the response off the wire.</summary>
    Message Message { get; }

    /// <summary>Where the response goes.</summary>
    IResponseSink Sink { get; }

    long DeadlineTimestamp { get; }

    void TimeOut();
}

/// <summary>
/// The caller's end of a request: a task completion that the target's response completes, the timeout scan fails,
/// or the caller's cancellation token cancels, whichever comes first. Continuations never run inline on the
/// completing thread, so a grain's scheduler never runs its caller's code.
/// </summary>
internal sealed class ResponseCompletion<T>(CallbackRegistry registry, GrainId target, TimeSpan timeout)
    : TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously), IResponseSink, IPendingCall
{
    private CancellationTokenRegistration _cancellation;

    public Message Message { get; set; } = null!;

    public long Id => Message.Id;

    public IResponseSink Sink => this;

    public long DeadlineTimestamp => Message.DeadlineTimestamp;

    public void Complete<TResult>(TResult result)
    {
        if (typeof(TResult) != typeof(T))
        {
            Fail(new InvalidCastException($"{Message.Body} returned {typeof(TResult)} where {typeof(T)} was expected."));
            return;
        }

        if (TrySetResult(Unsafe.As<TResult, T>(ref result)))
        {
            Cleanup();
        }
    }

    public void Fail(Exception exception)
    {
        var set = exception is OperationCanceledException canceled && canceled.CancellationToken.IsCancellationRequested
            ? TrySetCanceled(canceled.CancellationToken)
            : TrySetException(exception);
        if (set)
        {
            Cleanup();
        }
    }

    public void TimeOut()
    {
        var body = Message.Body;
        if (TrySetException(new GrainCallTimeoutException(
            $"{body.InterfaceName}.{body.MethodName} on grain {target} did not respond within {timeout} (call #{Message.Id}).")))
        {
            Cleanup();
        }
    }

    public void CancelOn(CancellationToken token)
    {
        _cancellation = token.UnsafeRegister(static (state, token) => ((ResponseCompletion<T>)state!).OnCanceled(token), this);
        if (Task.IsCompleted)
        {
            _cancellation.Dispose(); // completed before the registration existed: Cleanup could not dispose it
        }
    }

    private void OnCanceled(CancellationToken token)
    {
        if (TrySetCanceled(token))
        {
            Cleanup();
        }
    }

    private void Cleanup()
    {
        registry.Remove(this);
        _cancellation.Dispose();
    }
}
