using System.Text.Json.Serialization;

namespace Netra.Grains.Catalog;

/// <summary>Where a catalog figure comes from.</summary>
/// <param name="Url">The public page.</param>
/// <param name="AsOf">The date the figure was read there, <c>yyyy-MM-dd</c>.</param>
public sealed record CatalogSource(string Url, string AsOf);

/// <summary>A model of the catalog.</summary>
/// <param name="Id">The model's canonical name, such as <c>gpt-4o-mini</c>.</param>
/// <param name="Provider">Who serves it at the listed price, such as <c>openai</c>.</param>
/// <param name="Aliases">Other names providers report for it.</param>
/// <param name="InputPerMTok">USD per 1M uncached input tokens.</param>
/// <param name="CachedInputPerMTok">USD per 1M input tokens read from the provider's cache.</param>
/// <param name="OutputPerMTok">USD per 1M output tokens.</param>
/// <param name="ContextWindow">The context window in tokens.</param>
/// <param name="QualityBenchmark">The benchmark of <paramref name="QualityScore"/>.</param>
/// <param name="QualityScore">The model's score on that benchmark, 0–100.</param>
/// <param name="TokensPerSecond">Typical output tokens per second.</param>
/// <param name="PriceSource">Where the prices come from.</param>
/// <param name="QualitySource">Where the score comes from.</param>
/// <param name="SpeedSource">Where the speed comes from.</param>
public sealed record CatalogModel(
    string Id,
    string Provider,
    IReadOnlyList<string> Aliases,
    [property: JsonPropertyName("input_per_mtok")] decimal InputPerMTok,
    [property: JsonPropertyName("cached_input_per_mtok")] decimal CachedInputPerMTok,
    [property: JsonPropertyName("output_per_mtok")] decimal OutputPerMTok,
    long ContextWindow,
    string QualityBenchmark,
    double QualityScore,
    double TokensPerSecond,
    CatalogSource PriceSource,
    CatalogSource QualitySource,
    CatalogSource SpeedSource)
{
    /// <summary>The cost of a request with these token counts, in USD; cached tokens are part of <paramref name="inputTokens"/>.</summary>
    public decimal Cost(long inputTokens, long cachedInputTokens, long outputTokens)
    {
        var cached = Math.Clamp(cachedInputTokens, 0, Math.Max(0, inputTokens));
        return ((inputTokens - cached) * InputPerMTok + cached * CachedInputPerMTok + outputTokens * OutputPerMTok) / 1_000_000m;
    }
}

/// <summary>A GPU of the catalog.</summary>
/// <param name="Id">The GPU's name, such as <c>h100-sxm-80gb</c>.</param>
/// <param name="Vendor">Its maker.</param>
/// <param name="MemoryGb">Its memory in GB.</param>
/// <param name="MemoryBandwidthTbps">Its memory bandwidth in TB/s.</param>
/// <param name="Bf16DenseTflops">Its dense BF16 tensor throughput in TFLOPS.</param>
/// <param name="OnDemandPerHour">USD per GPU-hour on demand, from <paramref name="Offer"/>.</param>
/// <param name="Offer">The priced offer, such as a cloud instance type.</param>
/// <param name="PriceSource">Where the price comes from.</param>
/// <param name="SpecSource">Where the specifications come from.</param>
public sealed record CatalogGpu(
    string Id,
    string Vendor,
    double MemoryGb,
    double MemoryBandwidthTbps,
    double Bf16DenseTflops,
    decimal OnDemandPerHour,
    string Offer,
    CatalogSource PriceSource,
    CatalogSource SpecSource);
