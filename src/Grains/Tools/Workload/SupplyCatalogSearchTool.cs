using Netra.Grains.Tools.Framework;

namespace Netra.Grains.Tools.Workload;

/// <summary><c>supply_catalog_search</c>: the catalog's models or GPUs that meet constraints, cheapest (or best) first.</summary>
public sealed class SupplyCatalogSearchTool : IAnalysisTool
{
    /// <inheritdoc />
    public string Name => "supply_catalog_search";

    /// <inheritdoc />
    public string Category => ToolCategories.Workload;

    /// <inheritdoc />
    public string Description =>
        "Searches the model and GPU catalog for rows that meet constraints (provider, prices, context window, quality, speed, GPU memory), with each row's public source and date.";

    /// <inheritdoc />
    public IReadOnlyList<ToolParameter> Parameters { get; } =
    [
        new("kind", ToolParameterType.String, "Search models or GPUs.") { Allowed = ["model", "gpu"], Default = "model" },
        new("provider", ToolParameterType.String, "Models of this provider only, such as openai."),
        new("max_input_price", ToolParameterType.Number, "Most USD per 1M input tokens.") { Minimum = 0 },
        new("max_output_price", ToolParameterType.Number, "Most USD per 1M output tokens.") { Minimum = 0 },
        new("min_context_window", ToolParameterType.Integer, "Least context window in tokens.") { Minimum = 0 },
        new("min_quality", ToolParameterType.Number, "Least quality score (0–100).") { Minimum = 0, Maximum = 100 },
        new("min_tokens_per_second", ToolParameterType.Number, "Least typical output tokens per second.") { Minimum = 0 },
        new("min_memory_gb", ToolParameterType.Number, "Least GPU memory in GB.") { Minimum = 0 },
        new("max_price_per_hour", ToolParameterType.Number, "Most USD per GPU-hour.") { Minimum = 0 },
        new("sort_by", ToolParameterType.String, "Order of the results: cheapest first, or best quality or speed first (GPUs: memory bandwidth).") { Allowed = ["price", "quality", "speed"], Default = "price" },
        ToolParameters.Integer("limit", "How many rows to return.", 10, 1, 100),
    ];

    /// <inheritdoc />
    public Task<ToolOutput> RunAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var a = context.Arguments;
        var limit = (int)a.Integer("limit")!.Value;
        var sort = a.String("sort_by")!;
        if (a.String("kind") == "gpu")
        {
            var gpus = context.Catalog.Gpus
                .Where(g => a.Number("min_memory_gb") is not { } m || g.MemoryGb >= m)
                .Where(g => a.Number("max_price_per_hour") is not { } p || g.OnDemandPerHour <= (decimal)p)
                .OrderBy(g => sort == "price" ? (double)g.OnDemandPerHour : -g.MemoryBandwidthTbps) // decoding is bound by memory bandwidth
                .ThenBy(g => g.Id, StringComparer.Ordinal)
                .ToList();
            var gpuSummary = gpus.Count == 0
                ? "No GPU in the catalog meets these constraints."
                : $"{gpus.Count} of {context.Catalog.Gpus.Count} catalog GPUs meet the constraints; first by {sort} is {gpus[0].Id} ({gpus[0].MemoryGb} GB, "
                    + $"{ToolText.Usd((double)gpus[0].OnDemandPerHour)}/h on {gpus[0].Offer}, as of {gpus[0].PriceSource.AsOf}).";
            return Task.FromResult(new ToolOutput(gpuSummary, new { kind = "gpu", matches = gpus.Count, gpus = gpus.Take(limit).ToList() }));
        }

        var models = context.Catalog.Models
            .Where(m => a.String("provider") is not { } provider || string.Equals(m.Provider, provider, StringComparison.OrdinalIgnoreCase))
            .Where(m => a.Number("max_input_price") is not { } p || m.InputPerMTok <= (decimal)p)
            .Where(m => a.Number("max_output_price") is not { } p || m.OutputPerMTok <= (decimal)p)
            .Where(m => a.Integer("min_context_window") is not { } w || m.ContextWindow >= w)
            .Where(m => a.Number("min_quality") is not { } q || m.QualityScore >= q)
            .Where(m => a.Number("min_tokens_per_second") is not { } s || m.TokensPerSecond >= s)
            .OrderBy(m => sort switch
            {
                "quality" => -m.QualityScore,
                "speed" => -m.TokensPerSecond,
                _ => (double)(m.InputPerMTok + m.OutputPerMTok),
            })
            .ThenBy(m => m.Id, StringComparer.Ordinal)
            .ToList();
        var summary = models.Count == 0
            ? "No model in the catalog meets these constraints."
            : $"{models.Count} of {context.Catalog.Models.Count} catalog models meet the constraints; first by {sort} is {models[0].Id} ({models[0].Provider}, "
                + $"{ToolText.Usd((double)models[0].InputPerMTok)} in / {ToolText.Usd((double)models[0].OutputPerMTok)} out per 1M tokens, {models[0].QualityBenchmark} {ToolText.Number(models[0].QualityScore)}, "
                + $"{ToolText.Count(models[0].ContextWindow)}-token context; prices as of {models[0].PriceSource.AsOf}).";
        return Task.FromResult(new ToolOutput(summary, new { kind = "model", matches = models.Count, models = models.Take(limit).ToList() }));
    }
}
