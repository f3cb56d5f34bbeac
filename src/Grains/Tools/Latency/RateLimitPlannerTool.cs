using System.Text.Json;
using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Latency;

/// <summary>
/// <c>rate_limit_planner</c>: per (provider, model), the peak requests per minute and tokens per minute (the busiest
/// 1-minute bucket, found in the store: <see cref="WorkloadPeakQuery"/>) against the provider's limits, the limits needed with a safety factor,
/// the headroom left, and which models would hit their limits.
/// </summary>
public sealed class RateLimitPlannerTool : IAnalysisTool
{
    private const double DefaultRpm = 500;
    private const double DefaultTpm = 200_000;

    /// <inheritdoc />
    public string Name => "rate_limit_planner";

    /// <inheritdoc />
    public string Category => ToolCategories.Latency;

    /// <inheritdoc />
    public string Description =>
        "Peak requests per minute and tokens per minute per provider and model against rate limits (rpm_limit/tpm_limit, or limits per model), "
        + "the limits needed with a safety factor, the headroom, and which models would hit their limits.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Number("rpm_limit", "Requests per minute allowed per model, for models not in limits (default: OpenAI usage tier 1 for gpt-4o-mini).", DefaultRpm, 1, 1e9),
        ToolParameters.Number("tpm_limit", "Tokens per minute allowed per model, for models not in limits (default: OpenAI usage tier 1 for gpt-4o-mini).", DefaultTpm, 1, 1e12),
        new ToolParameter("limits", ToolParameterType.JsonObject, "Limits per model, e.g. {\"gpt-4o\": {\"rpm\": 5000, \"tpm\": 800000}}; either field may be left out."),
        ToolParameters.Number("safety_factor", "The needed limit is the peak times this.", 1.2, 1, 10));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var rpmDefault = context.Arguments.Number("rpm_limit")!.Value;
        var tpmDefault = context.Arguments.Number("tpm_limit")!.Value;
        var safety = context.Arguments.Number("safety_factor")!.Value;
        var limits = context.Arguments.Json("limits") is { } json ? ParseLimits(json) : [];
        // One row per (provider, model) with its peak minutes; the minutes over the limits are counted against the
        // default limits first, then again for each model whose own limits differ and whose peaks exceed them.
        var peaks = await context.PeaksAsync(PeakQuery(context.Filter, rpmDefault, tpmDefault), cancellationToken);
        if (peaks.Count == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var limited = (await context.QueryAsync(new WorkloadQuery(context.Filter with { Statuses = ["rate_limited"] }, [WorkloadDimension.Provider, WorkloadDimension.Model], [Measure.Count()]), cancellationToken))
            .Rows.ToDictionary(r => (ToolQueries.Label(r.Keys[0]), ToolQueries.Label(r.Keys[1])), r => (long)r.ValueOrZero(0));
        var models = new List<ModelLimits>();
        foreach (var peak in peaks)
        {
            var (provider, model) = (ToolQueries.Label(peak.Keys[0]), ToolQueries.Label(peak.Keys[1]));
            var (rpmLimit, tpmLimit) = Limit(limits, context, model, rpmDefault, tpmDefault);
            var (rpm, tpm) = (peak.Peaks[0].Value, peak.Peaks[1].Value);
            var minutesOver = peak.BucketsAbove;
            if ((rpmLimit, tpmLimit) != (rpmDefault, tpmDefault))
            {
                minutesOver = rpm <= rpmLimit && tpm <= tpmLimit ? 0 : (await context.PeaksAsync(
                    PeakQuery(context.Filter with { Models = [peak.Keys[1]!] }, rpmLimit, tpmLimit), cancellationToken))
                    .Single(p => p.Keys.SequenceEqual(peak.Keys)).BucketsAbove;
            }

            var (neededRpm, neededTpm) = (Math.Ceiling(rpm * safety), Math.Ceiling(tpm * safety));
            models.Add(new ModelLimits(
                provider, model, (long)rpm, peak.Peaks[0].At, (long)tpm, peak.Peaks[1].At,
                rpmLimit, tpmLimit, ToolText.Round(rpm / rpmLimit, 4), ToolText.Round(tpm / tpmLimit, 4), (long)neededRpm, (long)neededTpm,
                ToolText.Round(rpmLimit - neededRpm), ToolText.Round(tpmLimit - neededTpm),
                minutesOver, limited.GetValueOrDefault((provider, model)), neededRpm > rpmLimit || neededTpm > tpmLimit));
        }

        models = [.. models.OrderByDescending(m => Math.Max(m.RpmUtilization, m.TpmUtilization)).ThenBy(m => m.Provider, StringComparer.Ordinal).ThenBy(m => m.Model, StringComparer.Ordinal)];

        var hitting = models.Where(m => m.WouldHitLimit).ToList();
        var top = models[0];
        var summary = $"Across {models.Count} models {context.Scope}, the busiest against its limits is {top.Model} ({top.Provider}): a peak of {ToolText.Count(top.PeakRpm)} requests/min "
            + $"({ToolText.Percent(top.RpmUtilization)} of {ToolText.Count(top.RpmLimit)}) and {ToolText.Count(top.PeakTpm)} tokens/min ({ToolText.Percent(top.TpmUtilization)} of {ToolText.Count(top.TpmLimit)}). "
            + (hitting.Count == 0
                ? $"With a {ToolText.Number(safety, 2)}× safety factor every model stays within its limits."
                : $"With a {ToolText.Number(safety, 2)}× safety factor, {hitting.Count} model{(hitting.Count == 1 ? "" : "s")} would hit {(hitting.Count == 1 ? "its" : "their")} limits ({string.Join(", ", hitting.Select(h => h.Model))}); "
                    + $"{top.Model} needs {ToolText.Count(top.NeededRpm)} RPM and {ToolText.Count(top.NeededTpm)} TPM.")
            + (models.Sum(m => m.RateLimitedRequests) is var r429 and > 0 ? $" {ToolText.Count(r429)} requests were already rate limited (429)." : "");
        return new ToolOutput(summary, new
        {
            definition = "Peaks are the busiest UTC-aligned 1-minute bucket per (provider, model); tokens are input + output as recorded (providers may also count max_tokens). "
                + $"Needed = ⌈peak × safety_factor⌉; headroom = limit − needed; defaults of {DefaultRpm} RPM and {DefaultTpm} TPM are OpenAI's usage tier 1 for gpt-4o-mini, not your account's.",
            safety_factor = safety,
            default_rpm_limit = rpmDefault,
            default_tpm_limit = tpmDefault,
            models,
            would_hit_limits = hitting.Select(h => h.Model).ToList(),
            opportunities = hitting.Take(5).Select(h => new
            {
                title = $"Raise or spread the rate limit of {h.Model}",
                detail = $"{h.Model} peaks at {ToolText.Count(h.PeakRpm)} requests and {ToolText.Count(h.PeakTpm)} tokens per minute against {ToolText.Count(h.RpmLimit)} RPM and {ToolText.Count(h.TpmLimit)} TPM; "
                    + $"ask {h.Provider} for at least {ToolText.Count(h.NeededRpm)} RPM and {ToolText.Count(h.NeededTpm)} TPM, or queue and smooth bursts, or spread load across deployments.",
                effort = "low",
            }).ToList(),
        });
    }

    /// <summary>Per (provider, model): the busiest minute by requests and by tokens, and the minutes over either limit.</summary>
    private static WorkloadPeakQuery PeakQuery(WorkloadFilter filter, double rpm, double tpm) =>
        new(filter, [WorkloadDimension.Provider, WorkloadDimension.Model], TimeSpan.FromMinutes(1), [Measure.Count(), Measure.Sum(WorkloadField.TotalTokens)])
        {
            Above = [rpm, tpm],
        };

    private static (double Rpm, double Tpm) Limit(Dictionary<string, (double? Rpm, double? Tpm)> limits, ToolContext context, string model, double rpm, double tpm)
    {
        var id = context.Catalog.Find(model)?.Id;
        var match = limits.TryGetValue(model, out var exact) ? exact
            : limits.Where(l => id is not null && context.Catalog.Find(l.Key)?.Id == id).Select(l => l.Value).FirstOrDefault();
        return (match.Rpm ?? rpm, match.Tpm ?? tpm);
    }

    private static Dictionary<string, (double? Rpm, double? Tpm)> ParseLimits(JsonElement json) => json.EnumerateObject().ToDictionary(
        p => p.Name,
        p =>
        {
            double? Read(string name) => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty(name, out var v)
                ? v.ValueKind == JsonValueKind.Number && v.GetDouble() > 0 ? v.GetDouble() : throw new ArgumentException($"The limit '{name}' of '{p.Name}' must be a positive number.")
                : null;
            return p.Value.ValueKind == JsonValueKind.Object ? (Read("rpm"), Read("tpm")) : throw new ArgumentException($"The limits of '{p.Name}' must be an object with rpm and/or tpm.");
        },
        StringComparer.OrdinalIgnoreCase);

    /// <summary>One model's peaks against its limits.</summary>
    private sealed record ModelLimits(
        string Provider,
        string Model,
        long PeakRpm,
        DateTimeOffset PeakRpmAt,
        long PeakTpm,
        DateTimeOffset PeakTpmAt,
        double RpmLimit,
        double TpmLimit,
        double RpmUtilization,
        double TpmUtilization,
        long NeededRpm,
        long NeededTpm,
        double RpmHeadroom,
        double TpmHeadroom,
        long MinutesOverLimit,
        long RateLimitedRequests,
        bool WouldHitLimit);
}
