using Netra.Grains.Catalog;
using Netra.Grains.Tools.Framework;

namespace Netra.Grains.Tools.Latency;

/// <summary>The serving model and efficiency assumptions of <see cref="CapacityPlannerTool"/>.</summary>
/// <param name="ParamsBillion">Model parameters in billions.</param>
/// <param name="BytesPerParam">Bytes per weight (2 for BF16).</param>
/// <param name="KvBytesPerToken">KV-cache bytes per token of context.</param>
/// <param name="ContextTokens">Mean tokens of context a sequence holds (input + output).</param>
/// <param name="TargetMsPerOutputToken">The target time between output tokens of one stream.</param>
/// <param name="BandwidthUtilization">The share of memory bandwidth achieved.</param>
/// <param name="ComputeUtilization">The share of dense BF16 FLOPS achieved (MFU).</param>
/// <param name="MaxGpusPerReplica">The largest tensor-parallel group tried (powers of two).</param>
internal sealed record ServingAssumptions(
    double ParamsBillion, double BytesPerParam, double KvBytesPerToken, double ContextTokens, double TargetMsPerOutputToken,
    double BandwidthUtilization, double ComputeUtilization, int MaxGpusPerReplica);

/// <summary>How one GPU type serves the peak: null fields when it cannot meet the target.</summary>
internal sealed record GpuPlan(
    string Gpu,
    double MemoryGb,
    double PricePerHour,
    bool Feasible,
    string? Reason,
    int? GpusPerReplica,
    int? BatchPerReplica,
    double? DecodeTokensPerSecondPerReplica,
    double? PrefillTokensPerSecondPerReplica,
    int? Replicas,
    int? Gpus,
    double? MonthlyCostUsd);

/// <summary>
/// A roofline sizing of a replica: weights W = params × bytes; a replica of g GPUs keeps 10% of memory free and the
/// rest beyond W for the KV cache. A decode step reads all weights once (W / (g × bandwidth × utilization)) and costs
/// 2 × params FLOPs per sequence in the batch (g × TFLOPS × MFU); the batch is the largest whose step stays within the
/// target time per output token and whose KV cache (batch × context × KV bytes per token) fits. Prefill is compute
/// bound at the same 2 × params FLOPs per token. Replicas = ⌈input rate / prefill capacity + output rate / decode
/// capacity⌉, sharing each replica's time between the two.
/// </summary>
internal static class GpuSizing
{
    /// <summary>Hours in an average month (365.25 × 24 / 12).</summary>
    public const double HoursPerMonth = 730.5;

    /// <summary>The cheapest-in-GPUs replica size of <paramref name="gpu"/> that serves the rates at the target.</summary>
    public static GpuPlan Plan(CatalogGpu gpu, ServingAssumptions a, double inputPerSecond, double outputPerSecond)
    {
        var weights = a.ParamsBillion * 1e9 * a.BytesPerParam;
        var flopsPerToken = 2 * a.ParamsBillion * 1e9;
        var target = a.TargetMsPerOutputToken / 1000;
        GpuPlan? best = null;
        var reason = $"{ToolText.Number(a.ParamsBillion)}B parameters need {ToolText.Number(weights / 1e9)} GB of weights, more than 90% of {a.MaxGpusPerReplica} × {ToolText.Number(gpu.MemoryGb)} GB";
        for (var g = 1; g <= a.MaxGpusPerReplica; g *= 2)
        {
            var free = (0.9 * g * gpu.MemoryGb * 1e9) - weights;
            if (free <= 0)
            {
                continue;
            }

            var readWeights = weights / (g * gpu.MemoryBandwidthTbps * 1e12 * a.BandwidthUtilization);
            var perSequence = flopsPerToken / (g * gpu.Bf16DenseTflops * 1e12 * a.ComputeUtilization);
            var byTime = Math.Floor((target - readWeights) / perSequence);
            var byMemory = Math.Floor(free / (a.KvBytesPerToken * Math.Max(1, a.ContextTokens)));
            var batch = Math.Min(byTime, byMemory);
            if (batch < 1)
            {
                reason = readWeights >= target
                    ? $"reading the weights takes {ToolText.Ms(readWeights * 1000)} per step on {g} GPUs, over the {ToolText.Ms(a.TargetMsPerOutputToken)} target"
                    : "the KV cache of one sequence does not fit beside the weights";
                continue;
            }

            var decode = batch / (readWeights + (batch * perSequence));
            var prefill = 1 / perSequence;
            var replicas = (int)Math.Max(1, Math.Ceiling((inputPerSecond / prefill) + (outputPerSecond / decode) - 1e-9));
            var plan = new GpuPlan(gpu.Id, gpu.MemoryGb, (double)gpu.OnDemandPerHour, true, null, g, (int)batch, decode, prefill, replicas, replicas * g,
                replicas * g * (double)gpu.OnDemandPerHour * HoursPerMonth);
            if (best is null || plan.Gpus < best.Gpus)
            {
                best = plan;
            }
        }

        return best ?? new GpuPlan(gpu.Id, gpu.MemoryGb, (double)gpu.OnDemandPerHour, false, reason, null, null, null, null, null, null, null);
    }
}
