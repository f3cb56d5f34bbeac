using System.Text.Json;
using Netra.Grains.Workloads;

namespace Netra.Grains.Catalog;

/// <summary>
/// The models and GPUs Netra knows, with public list prices, each row with its source and date. The data ships with
/// the project (<c>Catalog/catalog.json</c>, an embedded resource); <see cref="Default"/> reads it once.
/// </summary>
public sealed class ModelCatalog
{
    private const string ResourceName = "Netra.Grains.Catalog.catalog.json";
    private static readonly Lazy<ModelCatalog> s_default = new(LoadEmbedded);
    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly Dictionary<string, CatalogModel> _byName = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a catalog of the given rows.</summary>
    public ModelCatalog(IReadOnlyList<CatalogModel> models, IReadOnlyList<CatalogGpu> gpus)
    {
        Models = models;
        Gpus = gpus;
        foreach (var model in models)
        {
            _byName[model.Id] = model;
            foreach (var alias in model.Aliases)
            {
                _byName.TryAdd(alias, model);
            }
        }
    }

    /// <summary>The catalog shipped with the project.</summary>
    public static ModelCatalog Default => s_default.Value;

    /// <summary>The models.</summary>
    public IReadOnlyList<CatalogModel> Models { get; }

    /// <summary>The GPUs.</summary>
    public IReadOnlyList<CatalogGpu> Gpus { get; }

    /// <summary>Reads a catalog in the format of <c>catalog.json</c>.</summary>
    public static ModelCatalog Parse(string json)
    {
        var document = JsonSerializer.Deserialize<CatalogDocument>(json, s_json)
            ?? throw new InvalidDataException("The catalog is empty.");
        return new ModelCatalog(document.Models, document.Gpus);
    }

    /// <summary>
    /// The catalog row of <paramref name="model"/>: its id or an alias (ignoring case), after dropping a
    /// <c>provider/</c> prefix; else the longest id or alias followed by <c>-</c> that it starts with, so a dated
    /// snapshot such as <c>gpt-4o-mini-2024-07-18</c> finds <c>gpt-4o-mini</c>. Null when none fits.
    /// </summary>
    public CatalogModel? Find(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        var name = model.Trim();
        if (name.LastIndexOf('/') is var slash and >= 0)
        {
            name = name[(slash + 1)..];
        }

        if (_byName.TryGetValue(name, out var exact))
        {
            return exact;
        }

        CatalogModel? best = null;
        var bestLength = 0;
        foreach (var (key, row) in _byName)
        {
            if (key.Length > bestLength && name.Length > key.Length && name[key.Length] == '-'
                && name.StartsWith(key, StringComparison.OrdinalIgnoreCase))
            {
                best = row;
                bestLength = key.Length;
            }
        }

        return best;
    }

    /// <summary>The event's cost: its own <see cref="WorkloadEvent.CostUsd"/>, else the catalog price of its tokens, else null.</summary>
    public decimal? CostOf(WorkloadEvent e) =>
        e.CostUsd ?? Find(e.Model)?.Cost(e.InputTokens, e.CacheReadInputTokens, e.OutputTokens);

    /// <summary><paramref name="e"/> with <see cref="WorkloadEvent.CostUsd"/> filled from the catalog when it was null and the model is known.</summary>
    public WorkloadEvent Priced(WorkloadEvent e) => e.CostUsd is null && CostOf(e) is { } cost ? e with { CostUsd = cost } : e;

    private static ModelCatalog LoadEmbedded()
    {
        using var stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The catalog resource {ResourceName} is missing from {typeof(ModelCatalog).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private sealed record CatalogDocument(int SchemaVersion, List<CatalogModel> Models, List<CatalogGpu> Gpus);
}
