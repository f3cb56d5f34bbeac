using Netra.Grains.Tools.Framework;

namespace Netra.Grains.Tools.Latency;

/// <summary>
/// <c>latency_bottleneck_identifier</c>: per model, the least-squares fit latency ≈ a + b·input_tokens + c·output_tokens
/// over successful requests, its R², whether prefill (b × mean input) or decode (c × mean output) dominates, and the
/// requests whose residual exceeds k·σ. The normal equations need sums of products (Σ input·latency and so on) that
/// the store's query model does not offer, so the tool streams the events twice in constant memory per model: once for
/// the sums, once for the residuals; the outlier list is capped.
/// </summary>
public sealed class LatencyBottleneckIdentifierTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "latency_bottleneck_identifier";

    /// <inheritdoc />
    public string Category => ToolCategories.Latency;

    /// <inheritdoc />
    public string Description =>
        "Per model, a least-squares fit of latency ≈ a + b·input_tokens + c·output_tokens (R², ms per input and output token), whether prefill or decode dominates, "
        + "and the outlier requests whose residual exceeds k standard deviations.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Number("outlier_sigma", "A request is an outlier when its latency exceeds the fit by more than this many residual standard deviations.", 3, 1, 100),
        ToolParameters.Integer("min_requests", "Models with fewer successful requests that report latency are not fitted.", 10, 3, 1_000_000),
        ToolParameters.Integer("max_outliers", "How many outliers to list, the largest first.", 20, 0, 1000),
        ReplaySample.Parameter);

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var k = context.Arguments.Number("outlier_sigma")!.Value;
        var minimum = context.Arguments.Integer("min_requests")!.Value;
        var cap = (int)context.Arguments.Integer("max_outliers")!.Value;
        var sample = await LatencyFits.PlanAsync(context, LatencyFits.Successful(context), cancellationToken);
        var fits = await LatencyFits.FitAsync(context, sample, minimum, cancellationToken);
        if (fits.Count == 0)
        {
            return ToolOutput.Insufficient(
                $"No model {context.Scope} has {minimum} or more successful requests that report latency, so no latency model can be fitted.",
                new { min_requests = minimum, models_fitted = 0 });
        }

        var outlierCounts = fits.Keys.ToDictionary(m => m, _ => 0L, StringComparer.Ordinal);
        var outliers = new List<Outlier>();
        await foreach (var e in sample.ReadAsync(context, prompts: false, cancellationToken))
        {
            if (!fits.TryGetValue(e.Model, out var fit) || fit.ResidualStd <= 0)
            {
                continue;
            }

            var predicted = fit.Predict(e.InputTokens, e.OutputTokens);
            var residual = e.LatencyMs!.Value - predicted;
            if (residual > k * fit.ResidualStd)
            {
                outlierCounts[e.Model]++;
                outliers.Add(new Outlier(e.Timestamp, e.RequestId, e.Model, ToolQueries.Label(e.Feature), e.InputTokens, e.OutputTokens,
                    e.LatencyMs.Value, ToolText.Round(predicted, 1), ToolText.Round(residual, 1), ToolText.Round(residual / fit.ResidualStd, 2)));
                if (outliers.Count > 2 * Math.Max(cap, 1))
                {
                    outliers = Top(outliers, cap);
                }
            }
        }

        var models = fits.Select(f =>
        {
            var fit = f.Value;
            var prefill = fit.MsPerInputToken * fit.MeanInput;
            var decode = fit.MsPerOutputToken * fit.MeanOutput;
            return new ModelFit(
                f.Key, fit.Requests, fit.Terms, ToolText.Round(fit.Intercept, 3), ToolText.Round(fit.MsPerInputToken, 6), ToolText.Round(fit.MsPerOutputToken, 6),
                ToolText.Round(fit.RSquared, 6), ToolText.Round(fit.ResidualStd, 3), ToolText.Round(fit.MeanLatency, 3), ToolText.Round(fit.MeanInput, 3), ToolText.Round(fit.MeanOutput, 3),
                ToolText.Round(prefill, 3), ToolText.Round(decode, 3), decode >= prefill ? "decode" : "prefill",
                fit.MsPerOutputToken > 0 ? ToolText.Round(1000 / fit.MsPerOutputToken, 2) : null, outlierCounts[f.Key]);
        }).OrderByDescending(m => m.MeanLatencyMs).ThenBy(m => m.Model, StringComparer.Ordinal).ToList();

        var listed = Top(outliers, cap);
        var slowest = models[0];
        var decodeBound = models.Count(m => m.Dominant == "decode");
        var summary = $"Fitting latency = a + b·input + c·output per model over successful requests {context.Scope}, {decodeBound} of {models.Count} models are decode-bound. "
            + $"The slowest on average, {slowest.Model} ({ToolText.Ms(slowest.MeanLatencyMs)}), fits a = {ToolText.Ms(slowest.InterceptMs)}, "
            + $"b = {ToolText.Number(slowest.MsPerInputToken * 1000, 2)} ms per 1k input tokens and c = {ToolText.Number(slowest.MsPerOutputToken, 3)} ms per output token (R² {ToolText.Number(slowest.RSquared, 3)}), "
            + $"so a typical request spends {ToolText.Ms(slowest.PrefillMs)} in prefill and {ToolText.Ms(slowest.DecodeMs)} in decode: {slowest.Dominant} dominates. "
            + $"{ToolText.Count(outlierCounts.Values.Sum())} requests took more than {ToolText.Number(k)}σ longer than their model's fit"
            + (listed.Count > 0 ? $", the worst on {listed[0].Model} ({ToolText.Ms(listed[0].LatencyMs)} against {ToolText.Ms(listed[0].PredictedMs)} predicted)." : ".")
            + sample.Sentence;
        return new ToolOutput(summary, new
        {
            definition = "Ordinary least squares per model over successful requests with latency_ms, from streamed running sums (the query model has no sums of products). "
                + "prefill_ms = b × mean input tokens, decode_ms = c × mean output tokens; σ = √(SSE/(n − fitted parameters)); an outlier's latency exceeds the fit by more than outlier_sigma × σ. "
                + "A slope is dropped when its token count does not vary.",
            outlier_sigma = k,
            models,
            models_not_fitted = (await LatencyFits.UnfittedAsync(context, fits.Keys, cancellationToken)),
            outliers_total = outlierCounts.Values.Sum(),
            outliers = listed,
            sampling = sample.View(),
        });
    }

    private static List<Outlier> Top(List<Outlier> outliers, int cap) =>
        [.. outliers.OrderByDescending(o => o.Sigmas).ThenBy(o => o.Timestamp).ThenBy(o => o.Model, StringComparer.Ordinal).Take(cap)];

    /// <summary>One model's fitted latency model.</summary>
    private sealed record ModelFit(
        string Model,
        long Requests,
        string Terms,
        double InterceptMs,
        double MsPerInputToken,
        double MsPerOutputToken,
        double RSquared,
        double ResidualStdMs,
        double MeanLatencyMs,
        double MeanInputTokens,
        double MeanOutputTokens,
        double PrefillMs,
        double DecodeMs,
        string Dominant,
        double? DecodeTokensPerSecond,
        long Outliers);

    /// <summary>A request far slower than its model's fit.</summary>
    private sealed record Outlier(
        DateTimeOffset Timestamp, string? RequestId, string Model, string Feature, long InputTokens, long OutputTokens, double LatencyMs, double PredictedMs, double ResidualMs, double Sigmas);
}
