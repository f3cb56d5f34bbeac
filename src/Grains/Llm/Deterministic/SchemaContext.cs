using System.Text.Json;

namespace Netra.Grains.Llm.Deterministic;

/// <summary>The whole response schema, so local <c>$ref</c>s such as <c>#/$defs/finding</c> resolve.</summary>
internal sealed class SchemaContext(JsonElement root)
{
    private const int MaxHops = 32;

    /// <summary><paramref name="schema"/> with its <c>$ref</c>s followed.</summary>
    /// <exception cref="SchemaUnsupportedException">A reference is not local or does not resolve.</exception>
    public JsonElement Resolve(JsonElement schema, string path)
    {
        for (var hop = 0; schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); hop++)
        {
            var pointer = reference.GetString() ?? "";
            if (hop == MaxHops || !pointer.StartsWith('#'))
            {
                throw new SchemaUnsupportedException(path, $"the reference '{pointer}' is not a local one that resolves");
            }

            schema = Follow(pointer, path);
        }

        return schema;
    }

    private JsonElement Follow(string pointer, string path)
    {
        var node = root;
        foreach (var raw in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(segment, out var child))
            {
                node = child;
            }
            else if (node.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index >= 0 && index < node.GetArrayLength())
            {
                node = node[index];
            }
            else
            {
                throw new SchemaUnsupportedException(path, $"the reference '{pointer}' does not resolve");
            }
        }

        return node;
    }
}

/// <summary>The facts cannot fill the response schema at <see cref="Path"/>.</summary>
internal sealed class SchemaUnsupportedException(string path, string reason) : Exception($"{path}: {reason}")
{
    /// <summary>Where in the answer, such as <c>$.findings[0].cost_usd</c>.</summary>
    public string Path { get; } = path;

    /// <summary>Why, in words.</summary>
    public string Reason { get; } = $"{path}: {reason}";
}
