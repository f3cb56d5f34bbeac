using System.Text.Json;
using Netra.Grains.Catalog;

namespace Netra.Grains.Tools.Cost;

/// <summary>USD per 1M tokens of one model in a what-if price table.</summary>
/// <param name="InputPerMTok">Uncached input.</param>
/// <param name="CachedInputPerMTok">Input read from the provider's cache.</param>
/// <param name="OutputPerMTok">Output.</param>
internal sealed record Prices(double InputPerMTok, double CachedInputPerMTok, double OutputPerMTok)
{
    /// <summary>The catalog prices of <paramref name="model"/>.</summary>
    public static Prices Of(CatalogModel model) => new((double)model.InputPerMTok, (double)model.CachedInputPerMTok, (double)model.OutputPerMTok);

    /// <summary>The cost in USD of these token totals (cached tokens are part of <paramref name="input"/>), as <see cref="CatalogModel.Cost"/> prices them.</summary>
    public double Cost(double input, double cached, double output)
    {
        var c = Math.Clamp(cached, 0, Math.Max(0, input));
        return (((input - c) * InputPerMTok) + (c * CachedInputPerMTok) + (output * OutputPerMTok)) / 1_000_000;
    }
}

/// <summary>Reads a what-if price table: a JSON object of model → {input_per_mtok, output_per_mtok, cached_input_per_mtok?}.</summary>
internal static class PriceTable
{
    /// <summary>Parses <paramref name="table"/>; cached input defaults to the input price.</summary>
    /// <exception cref="ArgumentException">An entry is not an object with non-negative input_per_mtok and output_per_mtok.</exception>
    public static Dictionary<string, Prices> Parse(JsonElement table)
    {
        var prices = new Dictionary<string, Prices>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in table.EnumerateObject())
        {
            double? Read(string name) =>
                entry.Value.ValueKind == JsonValueKind.Object && entry.Value.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
                && v.GetDouble() is var d && d >= 0 && double.IsFinite(d) ? d : null;
            if (Read("input_per_mtok") is not { } input || Read("output_per_mtok") is not { } output)
            {
                throw new ArgumentException(
                    $"The price_table entry '{entry.Name}' must be an object with non-negative numbers input_per_mtok and output_per_mtok (and optionally cached_input_per_mtok).");
            }

            prices[entry.Name] = new Prices(input, Read("cached_input_per_mtok") ?? input, output);
        }

        return prices;
    }

    /// <summary>The table's prices for <paramref name="model"/>: by its own name, else by the catalog id it resolves to.</summary>
    public static Prices? Lookup(IReadOnlyDictionary<string, Prices> table, ModelCatalog catalog, string? model)
    {
        if (model is null)
        {
            return null;
        }

        if (table.TryGetValue(model, out var exact))
        {
            return exact;
        }

        var id = catalog.Find(model)?.Id;
        return id is null ? null : table.Where(t => catalog.Find(t.Key)?.Id == id).Select(t => t.Value).FirstOrDefault();
    }
}
