namespace Netra.Runtime.Invocation;

/// <summary>Where the invoker hands messages: the silo's message center, or a client's connection to a silo.</summary>
internal interface IMessageSender
{
    void Send(Message message);
}

/// <summary>
/// Turns a proxy call into a message: stamps the call chain of the calling request, the deadline and the trace
/// context, registers the caller's completion, and sends it. Shared by silos and clients.
/// </summary>
internal sealed class GrainCallInvoker(IMessageSender sender, CallbackRegistry callbacks, TimeProvider time, TimeSpan defaultTimeout)
    : IGrainCallInvoker
{
    public Task<TResult> InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request)
    {
        var token = request.CancellationToken;
        if (token.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(token);
        }

        var timeout = request.ResponseTimeout ?? defaultTimeout;
        var completion = new ResponseCompletion<TResult>(callbacks, target.GrainId, timeout);
        var message = new Message(target.GrainId, request, RuntimeContext.Current?.Link, Deadline(timeout), completion)
        {
            TraceParent = RuntimeTracing.OutgoingTraceParent(),
            RequestContext = Outgoing(),
        };
        completion.Message = message;
        callbacks.Add(completion);
        if (token.CanBeCanceled)
        {
            completion.CancelOn(token);
        }

        try
        {
            sender.Send(message);
        }
        catch (Exception exception)
        {
            completion.Fail(exception); // never leave a registered call that nothing will complete
        }

        return completion.Task;
    }

    public void InvokeOneWay(GrainReference target, GrainRequest<VoidResult> request)
    {
        var timeout = request.ResponseTimeout ?? defaultTimeout;
        // No chain: nobody waits for a one-way call, so it can never close a waiting cycle.
        sender.Send(new Message(target.GrainId, request, chain: null, Deadline(timeout), response: null)
        {
            TraceParent = RuntimeTracing.OutgoingTraceParent(),
            RequestContext = Outgoing(),
        });
    }

    /// <summary>The values a call made now carries: none rather than an empty set, so most calls carry nothing.</summary>
    private static RequestValues? Outgoing() => RequestContext.Current is { Count: > 0 } values ? values : null;

    private long Deadline(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return long.MaxValue;
        }

        var now = time.GetTimestamp();
        var ticks = timeout.TotalSeconds * time.TimestampFrequency;
        return ticks >= long.MaxValue - now ? long.MaxValue : now + (long)ticks;
    }
}
