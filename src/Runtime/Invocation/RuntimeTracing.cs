using System.Collections.Concurrent;
using System.Diagnostics;

namespace Netra.Runtime.Invocation;

/// <summary>
/// W3C trace context for grain calls. Every call carries its caller's traceparent; the grain's side starts a server
/// span under it, so gateway → silo → grain → grain is one trace. Spans exist only while something listens to
/// <see cref="SourceName"/> (OpenTelemetry's tracer, a test); otherwise the traceparent still travels unchanged.
/// </summary>
public static class RuntimeTracing
{
    /// <summary>The name of the runtime's <see cref="ActivitySource"/>.</summary>
    public const string SourceName = "Netra.Runtime";

    private static readonly ActivitySource s_source = new(SourceName);

    /// <summary>Span names (<c>{interface}/{method}</c>) by request type, made once per method rather than per call.</summary>
    private static readonly ConcurrentDictionary<Type, string> s_spanNames = new();

    /// <summary>
    /// The W3C traceparent of the work running now: the current span's, or, in a grain turn that nobody traces, the
    /// one its request came with; null outside any trace. Work that goes on after the call that asked for it (a run's
    /// pipeline, which continues on a timer and after a crash on another silo) stores it and starts its later spans
    /// under it, so they join the trace of the request that started it.
    /// </summary>
    public static string? CurrentTraceParent => OutgoingTraceParent();

    /// <summary>The traceparent a call made now carries: the current span's, or the one the running request came with.</summary>
    internal static string? OutgoingTraceParent() => Activity.Current?.Id ?? RuntimeContext.Current?.TraceParent;

    /// <summary>Starts the server span of a request about to run, as a child of its caller's; null when nobody listens.</summary>
    internal static Activity? StartRequest(Message message)
    {
        if (!s_source.HasListeners())
        {
            return null;
        }

        var body = message.Body;
        var name = s_spanNames.GetOrAdd(body.GetType(), static (_, b) => $"{b.InterfaceName}/{b.MethodName}", body);
        var activity = s_source.StartActivity(name, ActivityKind.Server, message.TraceParent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "netra");
            activity.SetTag("rpc.service", body.InterfaceName);
            activity.SetTag("rpc.method", body.MethodName);
            activity.SetTag("netra.grain", message.Target.ToString());
        }

        return activity;
    }

    /// <summary>Ends a request's span, if it has one, without disturbing the span current on this thread.</summary>
    internal static void Stop(Activity? activity)
    {
        if (activity is null)
        {
            return;
        }

        var current = Activity.Current;
        activity.Stop();
        Activity.Current = current;
    }
}
