using Netra.Grains.Tools.Framework;
using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Tools.Latency;

/// <summary>
/// <c>capacity_planner</c>: for self-hosting an open model, how many GPUs of each catalog type serve the observed peak
/// input and output tokens/s (the busiest time bucket, aggregated in the store) at a target time per output token,
/// and what they cost per month against the current API spend per month. The catalog gives each GPU's memory,
/// bandwidth, BF16 TFLOPS and hourly price but no measured tokens/s, so throughput comes from a roofline model
/// (<see cref="GpuSizing"/>) whose assumptions are parameters and are stated in the result.
/// </summary>
public sealed class CapacityPlannerTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "capacity_planner";

    /// <inheritdoc />
    public string Category => ToolCategories.Latency;

    /// <inheritdoc />
    public string Description =>
        "For self-hosting: the GPUs of each catalog type needed to serve the observed peak tokens/s at a target time per output token (a roofline estimate from the "
        + "catalog's memory, bandwidth and TFLOPS), their cost per month, and the current API spend per month to compare.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } = ToolParameters.Workload(
        ToolParameters.Integer("bucket_seconds", "The window the peak is measured in: 60 (per minute) or 1 (per second).", 60, 1, 3600),
        ToolParameters.Number("model_params_billion", "Parameters of the self-hosted model, in billions (default: a Llama-3.1-70B class model).", 70, 0.1, 2000),
        ToolParameters.Number("bytes_per_param", "Bytes per weight: 2 for BF16/FP16, 1 for FP8/INT8.", 2, 0.25, 4),
        ToolParameters.Number("kv_bytes_per_token", "KV-cache bytes per context token (default: Llama-3.1-70B in BF16, 80 layers × 8 KV heads × 128 × 2 × 2 bytes).", 327_680, 1, 1e8),
        ToolParameters.Number("target_ms_per_output_token", "The target time between output tokens of one stream (50 ms is 20 tokens/s).", 50, 1, 10_000),
        ToolParameters.Number("bandwidth_utilization", "The share of memory bandwidth a serving engine achieves in decode.", 0.6, 0.01, 1),
        ToolParameters.Number("compute_utilization", "The share of dense BF16 FLOPS achieved (MFU).", 0.4, 0.01, 1),
        ToolParameters.Integer("max_gpus_per_replica", "The largest tensor-parallel group tried (1, 2, 4, 8, …).", 8, 1, 64));

    /// <inheritdoc />
    public async Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var args = context.Arguments;
        var bucket = TimeSpan.FromSeconds(args.Integer("bucket_seconds")!.Value);
        var totals = (await context.QueryAsync([],
            [Measure.Count(), Measure.Sum(WorkloadField.CostUsd), Measure.Avg(WorkloadField.TotalTokens), Measure.Min(WorkloadField.Timestamp), Measure.Max(WorkloadField.Timestamp)],
            cancellationToken)).Single;
        if (totals.ValueOrZero(0) == 0)
        {
            return ToolQueries.NoEvents(context);
        }

        var peak = (await context.QueryAsync([GroupBy.Time(bucket)], [Measure.Sum(WorkloadField.InputTokens), Measure.Sum(WorkloadField.OutputTokens)], cancellationToken)).Rows
            .OrderByDescending(r => r.ValueOrZero(0) + r.ValueOrZero(1)).ThenBy(r => r.Keys[0], StringComparer.Ordinal).First();
        var inputRate = peak.ValueOrZero(0) / bucket.TotalSeconds;
        var outputRate = peak.ValueOrZero(1) / bucket.TotalSeconds;
        var assumptions = new ServingAssumptions(
            args.Number("model_params_billion")!.Value, args.Number("bytes_per_param")!.Value, args.Number("kv_bytes_per_token")!.Value, totals.ValueOrZero(2),
            args.Number("target_ms_per_output_token")!.Value, args.Number("bandwidth_utilization")!.Value, args.Number("compute_utilization")!.Value,
            (int)args.Integer("max_gpus_per_replica")!.Value);
        var days = Math.Max(1, (totals.ValueOrZero(4) - totals.ValueOrZero(3)) / 86_400_000);
        var apiMonthly = totals.ValueOrZero(1) / days * (GpuSizing.HoursPerMonth / 24);
        var plans = context.Catalog.Gpus.Select(g => GpuSizing.Plan(g, assumptions, inputRate, outputRate))
            .OrderBy(p => p.Feasible ? 0 : 1).ThenBy(p => p.MonthlyCostUsd ?? double.MaxValue).ThenBy(p => p.Gpu, StringComparer.Ordinal)
            .Select(p => p with
            {
                DecodeTokensPerSecondPerReplica = p.DecodeTokensPerSecondPerReplica is { } d ? ToolText.Round(d, 1) : null,
                PrefillTokensPerSecondPerReplica = p.PrefillTokensPerSecondPerReplica is { } f ? ToolText.Round(f, 1) : null,
                MonthlyCostUsd = p.MonthlyCostUsd is { } m ? ToolText.Round(m, 2) : null,
            }).ToList();
        var best = plans.FirstOrDefault(p => p.Feasible);
        var peakAt = ToolQueries.ParseTime(peak.Keys[0]);
        var summary = $"The peak {ToolText.Count(bucket.TotalSeconds)}-second window {context.Scope} ({ToolText.Time(peakAt)}) carried {ToolText.Number(inputRate)} input and {ToolText.Number(outputRate)} output tokens/s. "
            + (best is null
                ? $"No catalog GPU can serve a {ToolText.Number(assumptions.ParamsBillion)}B-parameter model at {ToolText.Ms(assumptions.TargetMsPerOutputToken)} per output token with up to {assumptions.MaxGpusPerReplica} GPUs per replica."
                : $"Self-hosting a {ToolText.Number(assumptions.ParamsBillion)}B-parameter model at {ToolText.Ms(assumptions.TargetMsPerOutputToken)} per output token needs at least {best.Gpus} × {best.Gpu} "
                    + $"({best.Replicas} replica{(best.Replicas == 1 ? "" : "s")} of {best.GpusPerReplica}), {ToolText.Usd(best.MonthlyCostUsd!.Value)} per month on demand, "
                    + $"against {ToolText.Usd(apiMonthly)} per month of API spend at the observed rate"
                    + (best.MonthlyCostUsd < apiMonthly ? $", saving {ToolText.Usd(apiMonthly - best.MonthlyCostUsd.Value)} per month." : "; the API is cheaper.")
                    + " These are roofline estimates; measure on the chosen engine before committing.");
        return new ToolOutput(summary, new
        {
            definition = "Roofline sizing per GPU type: weights = params × bytes; 10% of memory reserved; decode step = weights / (GPUs × bandwidth × bandwidth_utilization) + batch × 2·params / (GPUs × TFLOPS × compute_utilization); "
                + "batch = the largest within target_ms_per_output_token and the KV cache left (batch × mean context × kv_bytes_per_token); prefill = GPUs × TFLOPS × compute_utilization / (2·params) tokens/s; "
                + "replicas = ⌈input rate / prefill + output rate / decode⌉ at the peak bucket; GPUs run on demand 730.5 hours a month. API spend per month = spend / days spanned × 30.44.",
            assumptions = new
            {
                model_params_billion = assumptions.ParamsBillion,
                bytes_per_param = assumptions.BytesPerParam,
                kv_bytes_per_token = assumptions.KvBytesPerToken,
                mean_context_tokens = ToolText.Round(assumptions.ContextTokens, 1),
                target_ms_per_output_token = assumptions.TargetMsPerOutputToken,
                bandwidth_utilization = assumptions.BandwidthUtilization,
                compute_utilization = assumptions.ComputeUtilization,
                max_gpus_per_replica = assumptions.MaxGpusPerReplica,
                quality = "The self-hosted model's quality must match the API models it replaces; this tool sizes hardware only.",
            },
            bucket_seconds = bucket.TotalSeconds,
            peak_at = peakAt,
            peak_input_tokens_per_second = ToolText.Round(inputRate, 3),
            peak_output_tokens_per_second = ToolText.Round(outputRate, 3),
            days_observed = ToolText.Round(days, 3),
            api_cost_per_month_usd = ToolText.Round(apiMonthly, 2),
            gpus = plans,
            cheapest = best?.Gpu,
            opportunities = best is not null && best.MonthlyCostUsd < apiMonthly
                ? new[]
                {
                    new
                    {
                        title = $"Consider self-hosting on {best.Gpus} × {best.Gpu}",
                        detail = $"At the observed peak, {best.Gpus} {best.Gpu} GPUs would cost {ToolText.Usd(best.MonthlyCostUsd!.Value)} per month against {ToolText.Usd(apiMonthly)} of API spend, "
                            + "if an open model of the assumed size meets the quality bar; saving_usd is per month.",
                        saving_usd = ToolText.Round(apiMonthly - best.MonthlyCostUsd.Value, 2),
                        effort = "high",
                    },
                }
                : [],
        });
    }
}
