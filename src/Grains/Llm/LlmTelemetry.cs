using System.Diagnostics;
using System.Diagnostics.Metrics;
using Netra.Grains.Workloads;

namespace Netra.Grains.Llm;

/// <summary>
/// Model calls as OpenTelemetry sees them, after the GenAI semantic conventions: a client span <c>chat {model}</c>
/// per attempt with the <c>gen_ai.*</c> attributes, and the <c>gen_ai.client.token.usage</c> and
/// <c>gen_ai.client.operation.duration</c> histograms. Prompts and answers are never attributes.
/// </summary>
internal static class LlmTelemetry
{
    /// <summary>The name of the source and the meter.</summary>
    public const string Name = "Netra.Llm";

    private static readonly ActivitySource s_source = new(Name);
    private static readonly Meter s_meter = new(Name);

    private static readonly Histogram<long> s_tokens = s_meter.CreateHistogram<long>(
        "gen_ai.client.token.usage", "{token}", "Tokens used per model call, by token type",
        advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576] });

    private static readonly Histogram<double> s_duration = s_meter.CreateHistogram<double>(
        "gen_ai.client.operation.duration", "s", "Duration of model calls",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] });

    /// <summary>Starts the span of one attempt of a chat call to <paramref name="model"/>; null when nobody listens.</summary>
    public static Activity? StartChat(string provider, string model, LlmRequest request)
    {
        var activity = s_source.StartActivity($"chat {model}", ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("gen_ai.operation.name", LlmUsageRecorder.Operation);
            activity.SetTag("gen_ai.provider.name", provider);
            activity.SetTag("gen_ai.request.model", model);
            activity.SetTag("netra.llm.purpose", request.Purpose);
            if (request.MaxTokens is { } max)
            {
                activity.SetTag("gen_ai.request.max_tokens", max);
            }
        }

        return activity;
    }

    /// <summary>Records what one call used, on the current chat span and in the histograms.</summary>
    public static void Record(WorkloadEvent usage)
    {
        var error = usage.Status == "ok" ? null : usage.FinishReason == "cancelled" ? "cancelled" : usage.Status;
        if (Activity.Current is { Source.Name: Name } activity)
        {
            activity.SetTag("gen_ai.response.model", usage.Model);
            activity.SetTag("gen_ai.usage.input_tokens", usage.InputTokens);
            activity.SetTag("gen_ai.usage.output_tokens", usage.OutputTokens);
            if (usage.FinishReason is { } reason)
            {
                activity.SetTag("gen_ai.response.finish_reasons", new[] { reason });
            }

            if (error is not null)
            {
                activity.SetTag("error.type", error);
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }

        var tags = new TagList
        {
            { "gen_ai.operation.name", usage.Operation },
            { "gen_ai.provider.name", usage.Provider },
            { "gen_ai.response.model", usage.Model },
        };
        if (error is not null)
        {
            tags.Add("error.type", error);
        }

        if (usage.LatencyMs is { } latency)
        {
            s_duration.Record(latency / 1000, tags);
        }

        if (error is null)
        {
            var input = tags;
            input.Add("gen_ai.token.type", "input");
            s_tokens.Record(usage.InputTokens, input);
            var output = tags;
            output.Add("gen_ai.token.type", "output");
            s_tokens.Record(usage.OutputTokens, output);
        }
    }
}
