using Netra.Runtime.Testing.Otlp;

namespace Netra.Gateway.Tests.EndToEnd;

/// <summary>What the collector must hold for a set of runs: each run one trace, from the gateway to the silos.</summary>
internal static class RunTraces
{
    /// <summary>The resource attribute <see cref="FakeOtlpCollector.ExporterEnvironment"/> names each process with.</summary>
    public const string Process = "netra.test.process";

    private const string Pipeline = "invoke_agent supervisor";
    private const string Action = "ws user_message";

    /// <summary>
    /// What is missing of the spans that end the runs: the completed pipeline span of each run in
    /// <paramref name="runIds"/>, and the WebSocket action span in its trace. Empty when all arrived.
    /// </summary>
    public static List<string> Missing(IReadOnlyList<OtlpSpan> spans, IReadOnlyCollection<string> runIds)
    {
        var actions = spans.Where(s => s.Name == Action).Select(s => s.TraceId).ToHashSet();
        var completed = spans.Where(s => s.Name == Pipeline && s.Attribute("netra.agent.outcome") == "completed")
            .ToLookup(s => s.Attribute(SpanRecorder.RunId)!);
        return
        [
            .. runIds.Where(run => !completed.Contains(run)).Select(run => $"{run}: no completed '{Pipeline}' span"),
            .. runIds.Where(run => completed.Contains(run) && !actions.Contains(completed[run].First().TraceId))
                .Select(run => $"{run}: no '{Action}' span in its trace {completed[run].First().TraceId}"),
        ];
    }

    /// <summary>
    /// Whether <paramref name="count"/> WebSocket action spans have arrived, each with a child span on a silo: the
    /// spans of the submissions, safe at the collector before a silo is killed (a killed process loses the spans it
    /// had not exported yet).
    /// </summary>
    public static bool SubmissionsArrived(IReadOnlyList<OtlpSpan> spans, int count)
    {
        var parents = spans.Where(s => s.Resource.ServiceName == "netra-silo" && s.ParentSpanId is not null).Select(s => s.ParentSpanId).ToHashSet();
        var actions = spans.Where(s => s.Name == Action).ToList();
        return actions.Count == count && actions.All(a => parents.Contains(a.SpanId));
    }

    /// <summary>
    /// Asserts that each run's spans, from every process, are one trace of its own; that the trace starts at the
    /// gateway's WebSocket action, which is the parent of a grain call on a silo; and returns the runs that resumed on
    /// another silo after their silo was killed. How many silos a run's trace crosses is not asserted here: that
    /// depends on where its grains hash to, and the spans a killed silo had not exported are lost with it. The run
    /// whose silo was killed crosses two by construction; its test asserts that (<see cref="SiloProcessesOf"/>).
    /// </summary>
    public static List<string> AssertOneTracePerRun(IReadOnlyList<OtlpSpan> spans, IReadOnlyCollection<string> runIds)
    {
        var traces = new Dictionary<string, string>();
        var resumed = new List<string>();
        foreach (var run in runIds)
        {
            var own = spans.Where(s => s.Attribute(SpanRecorder.RunId) == run).ToList();
            var subAgentCalls = spans.Where(s => s.Name.EndsWith("/ExecuteAsync", StringComparison.Ordinal)
                && s.Attribute("netra.grain")?.EndsWith(run, StringComparison.Ordinal) == true).ToList();
            var ids = own.Concat(subAgentCalls).Select(s => s.TraceId).Distinct().ToList();
            Assert.True(ids.Count == 1, $"Run {run}'s spans are in {ids.Count} traces:\n{Describe(own.Concat(subAgentCalls))}");
            var trace = spans.Where(s => s.TraceId == ids[0]).ToList();
            traces[run] = ids[0];

            var action = Assert.Single(trace, s => s.Name == Action);
            Assert.Equal(("netra-gateway", null), (action.Resource.ServiceName, action.ParentSpanId));
            Assert.True(
                trace.Any(s => s.ParentSpanId == action.SpanId && s.Resource.ServiceName == "netra-silo"),
                $"Run {run}: no silo span is a child of the gateway's action span:\n{Describe(trace)}");
            Assert.NotEmpty(subAgentCalls);
            if (own.Any(s => s.Name == Pipeline && s.Attribute("netra.run.resumed") == "true"))
            {
                resumed.Add(run);
            }
        }

        Assert.Equal(runIds.Count, traces.Values.Distinct().Count()); // no two runs share a trace
        return resumed;
    }

    /// <summary>The silo processes (<see cref="Process"/>) that sent spans of <paramref name="traceId"/>.</summary>
    public static HashSet<string?> SiloProcessesOf(IReadOnlyList<OtlpSpan> spans, string traceId) =>
        [.. spans.Where(s => s.TraceId == traceId && s.Resource.ServiceName == "netra-silo")
            .Select(s => s.Resource.Attributes.GetValueOrDefault(Process) as string).OfType<string>()];

    /// <summary>The processes (<see cref="Process"/>) that sent spans of <paramref name="traceId"/>.</summary>
    public static HashSet<string?> ProcessesOf(IReadOnlyList<OtlpSpan> spans, string traceId) =>
        [.. spans.Where(s => s.TraceId == traceId).Select(s => s.Resource.Attributes.GetValueOrDefault(Process) as string)];

    private static string Describe(IEnumerable<OtlpSpan> spans) =>
        string.Join('\n', spans.Take(60).Select(s => $"  {s} ({s.Resource.Attributes.GetValueOrDefault(Process)})"));
}
