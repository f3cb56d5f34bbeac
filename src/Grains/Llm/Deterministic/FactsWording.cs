using System.Text.Json;

namespace Netra.Grains.Llm.Deterministic;

/// <summary>
/// Plain sentences from facts, in the facts' order: <c>{"total_cost_usd": 1234.5, "requests": 10000}</c> reads
/// "The total cost is $1,234.50. There were 10,000 requests." Nested objects and lists become one sentence each.
/// Only the facts' own numbers appear: nothing is counted, summed or numbered.
/// </summary>
internal static class FactsWording
{
    private static readonly string[] NameKeys = ["name", "model", "feature", "title", "label", "provider", "id", "key"];

    /// <summary>The sentences that word <paramref name="facts"/>.</summary>
    public static string Word(JsonElement facts) => facts.ValueKind switch
    {
        JsonValueKind.Object => string.Join(' ', facts.EnumerateObject().Select(p => Sentence(p.Name, p.Value))),
        JsonValueKind.Array => Capitalize(Items("", facts, "; ")) + ".",
        _ => Capitalize(FactFormat.Value("", facts)) + ".",
    };

    private static string Sentence(string key, JsonElement value)
    {
        var label = FactFormat.Label(key, value);
        return value.ValueKind switch
        {
            JsonValueKind.Object => $"{Capitalize(label)}: {Clauses(value, "; ")}.",
            JsonValueKind.Array => $"{Capitalize(label)}: {Items(key, value, "; ")}.",
            JsonValueKind.Number when FactFormat.IsCount(key, value) && FactFormat.IsPlural(label) => CountSentence(label, key, value),
            JsonValueKind.True or JsonValueKind.False => $"{Capitalize(label)}: {FactFormat.Value(key, value)}.",
            _ => $"The {label} {(FactFormat.IsPlural(label) ? "are" : "is")} {FactFormat.Value(key, value)}.",
        };
    }

    private static string CountSentence(string label, string key, JsonElement value) =>
        value.GetInt64() == 1 ? $"There was {FactFormat.Value(key, value)} {label[..^1]}." : $"There were {FactFormat.Value(key, value)} {label}.";

    /// <summary>Compact clauses, <c>cost $12.30, requests 1,000</c>, for a nested object.</summary>
    private static string Clauses(JsonElement value, string separator)
    {
        var clauses = value.EnumerateObject().Select(p => Clause(p.Name, p.Value)).ToList();
        return clauses.Count == 0 ? "none" : string.Join(separator, clauses);
    }

    private static string Clause(string key, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => $"{FactFormat.Label(key, value)} ({Clauses(value, ", ")})",
        JsonValueKind.Array => $"{FactFormat.Label(key, value)} ({Items(key, value, ", ")})",
        _ => $"{FactFormat.Label(key, value)} {FactFormat.Value(key, value)}",
    };

    /// <summary>A list: scalars as they are, objects as their name followed by their other facts.</summary>
    private static string Items(string key, JsonElement list, string separator)
    {
        var items = list.EnumerateArray().Select(item => item.ValueKind switch
        {
            JsonValueKind.Object => Item(item),
            JsonValueKind.Array => $"({Items(key, item, ", ")})",
            _ => FactFormat.Value(key, item),
        }).ToList();
        return items.Count == 0 ? "none" : string.Join(separator, items);
    }

    private static string Item(JsonElement item)
    {
        var properties = item.EnumerateObject().ToList();
        var name = properties.FirstOrDefault(p => p.Value.ValueKind == JsonValueKind.String && NameKeys.Contains(p.Name, StringComparer.OrdinalIgnoreCase));
        if (name.Value.ValueKind != JsonValueKind.String)
        {
            name = properties.FirstOrDefault(p => p.Value.ValueKind == JsonValueKind.String);
        }

        if (name.Value.ValueKind != JsonValueKind.String)
        {
            return Clauses(item, ", ");
        }

        var rest = properties.Where(p => p.Name != name.Name).Select(p => Clause(p.Name, p.Value)).ToList();
        return rest.Count == 0 ? name.Value.GetString() ?? "" : $"{name.Value.GetString()} ({string.Join(", ", rest)})";
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
