using System.Diagnostics;

namespace Netra.Grains.Runs;

/// <summary>
/// Keeps every span of a run in one trace: the trace of the request that submitted it (a WebSocket action or an HTTP
/// request on a gateway). A run goes on long after that request: it may wait in its thread's queue and be started
/// by the end of the run before it, its pipeline runs on a timer, and after a crash it resumes on another silo. So
/// the run stores the request's W3C traceparent (<see cref="RunState.TraceParent"/>, and the supervisor's copy), and
/// each later piece of work starts its span under it, with a link to whatever trace happened to trigger it.
/// </summary>
public static class RunTracing
{
    /// <summary>The name of the runs' <see cref="ActivitySource"/>.</summary>
    public const string SourceName = "Netra.Runs";

    /// <summary>The attribute that names the run on every span of a run's own work.</summary>
    public const string RunIdAttribute = "netra.run.id";

    private static readonly ActivitySource s_source = new(SourceName);

    /// <summary>
    /// Starts <c>start_run</c>: the run leaves its queue and its pipeline is handed to the supervisor. Its parent is
    /// the submitting request (<paramref name="traceParent"/>); when the start comes from elsewhere (the end of the
    /// thread's previous run), that trace is linked. Null when nobody listens.
    /// </summary>
    public static Activity? StartRun(RunRequest request, string? traceParent) =>
        StartUnder(s_source, "start_run", traceParent, request, tags: null);

    /// <summary>
    /// Starts <paramref name="name"/> on <paramref name="source"/> as a child of <paramref name="traceParent"/> (or of
    /// the current span when it is missing or unreadable), linked to the current span when that is in another trace,
    /// with the run's id, thread and <paramref name="tags"/>.
    /// </summary>
    internal static Activity? StartUnder(
        ActivitySource source, string name, string? traceParent, RunRequest request, IEnumerable<KeyValuePair<string, object?>>? tags)
    {
        if (!source.HasListeners())
        {
            return null;
        }

        var caller = Activity.Current?.Context ?? default;
        if (!ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent))
        {
            parent = caller; // submitted outside any trace (a test's direct grain call): the run's trace starts here
        }

        ActivityLink[]? links = caller != default && caller.TraceId != parent.TraceId ? [new ActivityLink(caller)] : null;
        var activity = source.StartActivity(name, ActivityKind.Internal, parent, tags, links);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(RunIdAttribute, request.RunId);
            activity.SetTag("gen_ai.conversation.id", request.ThreadId);
        }

        return activity;
    }
}
