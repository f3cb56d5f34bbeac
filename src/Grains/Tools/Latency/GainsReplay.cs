using Netra.Grains.Catalog;
using Netra.Grains.Workloads;

namespace Netra.Grains.Tools.Latency;

/// <summary>
/// The per-request arithmetic of <see cref="PerformanceGainsSimulatorTool"/>: each successful request's latency
/// before, and after the what-if, into two sketches; it keeps no request.
/// </summary>
internal sealed class GainsReplay(
    ModelCatalog catalog,
    IReadOnlyDictionary<string, LatencyFit> fits,
    string scenario,
    long cap,
    string? targetName,
    CatalogModel? targetRow,
    LatencyFit? targetFit)
{
    /// <summary>Latency as recorded.</summary>
    public LatencySketch Before { get; } = new();

    /// <summary>Latency under the what-if.</summary>
    public LatencySketch After { get; } = new();

    /// <summary>Requests whose latency the what-if changed.</summary>
    public long Changed { get; private set; }

    /// <summary>Requests the what-if applies to but that no fit or catalog speed could model.</summary>
    public long Unmodelled { get; private set; }

    /// <summary>The assumptions used, in words.</summary>
    public HashSet<string> Assumptions { get; } = [];

    /// <summary>Replays one successful request that reports latency.</summary>
    public void Add(WorkloadEvent e)
    {
        var latency = e.LatencyMs!.Value;
        Before.Add(latency);
        var after = scenario switch
        {
            "smaller_model" => SmallerModel(e, latency),
            "output_cap" => OutputCap(e, latency),
            _ => Streaming(e, latency),
        };
        if (after is { } value && value != latency)
        {
            Changed++;
        }

        After.Add(Math.Max(0, after ?? latency));
    }

    private double? SmallerModel(WorkloadEvent e, double latency)
    {
        var row = catalog.Find(e.Model);
        if (string.Equals(e.Model, targetName, StringComparison.OrdinalIgnoreCase) || (row is not null && row.Id == targetRow?.Id))
        {
            return latency;
        }

        if (targetFit is not null)
        {
            Assumptions.Add($"Moved requests take the latency predicted by {targetName}'s own fitted model for their input and output tokens.");
            return targetFit.Predict(e.InputTokens, e.OutputTokens);
        }

        if (row is null || targetRow is null || row.TokensPerSecond <= 0 || targetRow.TokensPerSecond <= 0)
        {
            Unmodelled++;
            return null;
        }

        // No data for the target: keep overhead and prefill, and scale decode time by the catalog's output speeds.
        var decode = fits.TryGetValue(e.Model, out var fit) && fit.MsPerOutputToken > 0 ? fit.MsPerOutputToken * e.OutputTokens : e.OutputTokens * 1000 / row.TokensPerSecond;
        decode = Math.Min(decode, latency);
        Assumptions.Add($"{targetRow.Id} has no latency data here, so decode time is scaled by catalog speeds (tokens/s) and prefill and overhead are kept.");
        return latency - decode + (decode * row.TokensPerSecond / targetRow.TokensPerSecond);
    }

    private double? OutputCap(WorkloadEvent e, double latency)
    {
        if (e.OutputTokens <= cap)
        {
            return latency;
        }

        double perToken;
        if (fits.TryGetValue(e.Model, out var fit) && fit.MsPerOutputToken > 0)
        {
            perToken = fit.MsPerOutputToken;
            Assumptions.Add("Output tokens above the cap save the model's fitted decode time per output token.");
        }
        else if (catalog.Find(e.Model) is { TokensPerSecond: > 0 } row)
        {
            perToken = 1000 / row.TokensPerSecond;
            Assumptions.Add("Where a model has no fitted decode time, tokens above the cap save 1000 / its catalog tokens/s ms each.");
        }
        else
        {
            Unmodelled++;
            return null;
        }

        return Math.Max(e.TtftMs ?? 0, latency - ((e.OutputTokens - cap) * perToken));
    }

    private double? Streaming(WorkloadEvent e, double latency)
    {
        if (e.TtftMs is { } ttft)
        {
            Assumptions.Add("Perceived latency with streaming is the reported time to first token.");
            return Math.Min(ttft, latency);
        }

        if (fits.TryGetValue(e.Model, out var fit))
        {
            Assumptions.Add("Without a reported time to first token, it is the fitted overhead plus prefill, a + b·input_tokens.");
            return Math.Min(latency, fit.Intercept + (fit.MsPerInputToken * e.InputTokens));
        }

        Unmodelled++;
        return null;
    }
}
