using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Netra.Grains.Tools.Framework;

/// <summary>
/// Tool runs as OpenTelemetry sees them: an internal span <c>execute_tool {name}</c> (the GenAI conventions' name for a
/// tool execution, with <c>gen_ai.tool.name</c>) and the <c>netra.tool.duration</c> histogram by tool and outcome.
/// </summary>
internal static class ToolTelemetry
{
    private static readonly ActivitySource s_source = new("Netra.Tools");
    private static readonly Meter s_meter = new("Netra.Tools");

    private static readonly Histogram<double> s_duration = s_meter.CreateHistogram<double>(
        "netra.tool.duration", "s", "Time an analysis tool took, by tool and outcome (ok, insufficient_data, error)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    public static Activity? Start(string tool)
    {
        var activity = s_source.StartActivity($"execute_tool {tool}", ActivityKind.Internal);
        activity?.SetTag("gen_ai.operation.name", "execute_tool");
        activity?.SetTag("gen_ai.tool.name", tool);
        return activity;
    }

    public static void Record(Activity? activity, string tool, double milliseconds, string outcome)
    {
        activity?.SetTag("netra.tool.outcome", outcome);
        if (outcome == "error")
        {
            activity?.SetStatus(ActivityStatusCode.Error);
        }

        s_duration.Record(milliseconds / 1000, new TagList { { "tool", tool }, { "outcome", outcome } });
    }
}
