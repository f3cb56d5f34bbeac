using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Netra.Grains.Llm.Deterministic;

/// <summary>
/// Builds a JSON answer that follows a response schema from the facts alone. A schema property takes the fact of the
/// same name (<c>totalCostUsd</c> matches <c>total_cost_usd</c>); a required string with no such fact takes the wording of
/// the facts around it; a required list with none is empty. Numbers, booleans and enum values come only from facts:
/// when the schema asks for one the facts lack, or the facts break a constraint, <see cref="SchemaUnsupportedException"/>.
/// Understood: type (also as a list), properties, required, additionalProperties, items, minItems, maxItems, enum,
/// const, anyOf, oneOf, local $ref, minimum, maximum, minLength, maxLength, pattern.
/// </summary>
internal static class SchemaAnswer
{
    private const int MaxDepth = 64;

    /// <summary>The answer to <paramref name="schema"/> from <paramref name="facts"/>, as compact JSON.</summary>
    /// <exception cref="SchemaUnsupportedException">The facts cannot fill the schema.</exception>
    public static string Build(JsonElement schema, JsonElement facts) =>
        Fill(new SchemaContext(schema), schema, facts, facts, "", "$", 0)?.ToJsonString() ?? "null";

    private static JsonNode? Fill(SchemaContext context, JsonElement schema, JsonElement? fact, JsonElement scope, string key, string path, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new SchemaUnsupportedException(path, "the schema nests too deep");
        }

        schema = context.Resolve(schema, path);
        if (schema.ValueKind == JsonValueKind.False)
        {
            throw new SchemaUnsupportedException(path, "the schema allows no value");
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return fact is { } anything ? JsonNode.Parse(anything.GetRawText()) : throw new SchemaUnsupportedException(path, "no fact answers it");
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return JsonNode.Parse(constant.GetRawText());
        }

        foreach (var keyword in (string[])["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(keyword, out var alternatives) && alternatives.ValueKind == JsonValueKind.Array)
            {
                var reasons = new List<string>();
                foreach (var alternative in alternatives.EnumerateArray())
                {
                    try
                    {
                        return Fill(context, alternative, fact, scope, key, path, depth + 1);
                    }
                    catch (SchemaUnsupportedException e)
                    {
                        reasons.Add(e.Reason);
                    }
                }

                throw new SchemaUnsupportedException(path, $"no alternative of {keyword} fits ({string.Join("; ", reasons)})");
            }
        }

        var node = ByType(context, schema, fact, scope, key, path, depth);
        Check(schema, node, path);
        return node;
    }

    private static JsonNode? ByType(SchemaContext context, JsonElement schema, JsonElement? fact, JsonElement scope, string key, string path, int depth)
    {
        var types = Types(schema, fact);
        if (types.Count == 0)
        {
            return fact is { } untyped ? JsonNode.Parse(untyped.GetRawText()) : throw new SchemaUnsupportedException(path, "no fact answers it");
        }

        var reasons = new List<string>();
        foreach (var type in types)
        {
            try
            {
                return type switch
                {
                    "object" => Object(context, schema, fact, scope, path, depth),
                    "array" => Array(context, schema, fact, scope, key, path, depth),
                    "string" => String(fact, scope, key, path),
                    "number" or "integer" => Number(type, fact, path),
                    "boolean" => fact is { ValueKind: JsonValueKind.True or JsonValueKind.False } flag
                        ? JsonValue.Create(flag.GetBoolean())
                        : throw new SchemaUnsupportedException(path, "the facts hold no such yes-or-no value"),
                    "null" => fact is null or { ValueKind: JsonValueKind.Null } ? null : throw new SchemaUnsupportedException(path, "the fact is not null"),
                    _ => throw new SchemaUnsupportedException(path, $"type '{type}' is not understood"),
                };
            }
            catch (SchemaUnsupportedException e)
            {
                reasons.Add(e.Reason);
            }
        }

        throw new SchemaUnsupportedException(path, string.Join("; ", reasons));
    }

    private static List<string> Types(JsonElement schema, JsonElement? fact)
    {
        if (schema.TryGetProperty("type", out var type))
        {
            return type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString() ?? "").ToList() : [type.GetString() ?? ""];
        }

        if (schema.TryGetProperty("properties", out _))
        {
            return ["object"];
        }

        if (schema.TryGetProperty("items", out _))
        {
            return ["array"];
        }

        return schema.TryGetProperty("enum", out _) && fact is null ? ["string"] : [];
    }

    private static JsonObject Object(SchemaContext context, JsonElement schema, JsonElement? fact, JsonElement scope, string path, int depth)
    {
        var source = fact ?? scope;
        if (source.ValueKind != JsonValueKind.Object)
        {
            throw new SchemaUnsupportedException(path, "the facts hold no object for it");
        }

        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            var closed = schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
            return closed ? [] : (JsonObject)JsonNode.Parse(source.GetRawText())!;
        }

        var required = schema.TryGetProperty("required", out var names) && names.ValueKind == JsonValueKind.Array
            ? names.EnumerateArray().Select(n => n.GetString()).ToHashSet()
            : [];
        var result = new JsonObject();
        foreach (var property in properties.EnumerateObject())
        {
            var found = Find(source, property.Name);
            if (found is null && !required.Contains(property.Name))
            {
                continue;
            }

            var innerScope = found is { ValueKind: JsonValueKind.Object or JsonValueKind.Array } nested ? nested : source;
            result[property.Name] = Fill(context, property.Value, found, innerScope, property.Name, $"{path}.{property.Name}", depth + 1);
        }

        return result;
    }

    private static JsonArray Array(SchemaContext context, JsonElement schema, JsonElement? fact, JsonElement scope, string key, string path, int depth)
    {
        if (fact is null)
        {
            return [];
        }

        if (fact.Value.ValueKind != JsonValueKind.Array)
        {
            throw new SchemaUnsupportedException(path, "the fact is not a list");
        }

        var items = schema.TryGetProperty("items", out var itemSchema) ? itemSchema : default;
        var max = schema.TryGetProperty("maxItems", out var maxItems) ? maxItems.GetInt32() : int.MaxValue;
        var result = new JsonArray();
        var index = 0;
        foreach (var element in fact.Value.EnumerateArray().Take(max))
        {
            var innerScope = element.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? element : scope;
            result.Add(items.ValueKind == JsonValueKind.Undefined
                ? JsonNode.Parse(element.GetRawText())
                : Fill(context, items, element, innerScope, key, $"{path}[{index}]", depth + 1));
            index++;
        }

        return result;
    }

    private static JsonValue String(JsonElement? fact, JsonElement scope, string key, string path) => fact switch
    {
        { ValueKind: JsonValueKind.String } text => JsonValue.Create(text.GetString()!),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } value => JsonValue.Create(FactFormat.Value(key, value)),
        null when scope.ValueKind is JsonValueKind.Object or JsonValueKind.Array => JsonValue.Create(FactsWording.Word(scope)),
        _ => throw new SchemaUnsupportedException(path, "the facts hold no text for it"),
    };

    private static JsonNode Number(string type, JsonElement? fact, string path)
    {
        if (fact is not { ValueKind: JsonValueKind.Number } number)
        {
            throw new SchemaUnsupportedException(path, "the facts hold no such number, and the deterministic default never makes one up");
        }

        if (type == "integer" && !(number.TryGetDecimal(out var value) && value == decimal.Truncate(value)))
        {
            throw new SchemaUnsupportedException(path, "the fact is not a whole number");
        }

        return JsonNode.Parse(number.GetRawText())!;
    }

    private static void Check(JsonElement schema, JsonNode? node, string path)
    {
        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(a => JsonNode.DeepEquals(JsonNode.Parse(a.GetRawText()), node)))
        {
            throw new SchemaUnsupportedException(path, "the fact is not one of the schema's enum values");
        }

        if (node?.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<decimal>(out var number))
        {
            if ((schema.TryGetProperty("minimum", out var min) && number < min.GetDecimal())
                || (schema.TryGetProperty("maximum", out var max) && number > max.GetDecimal()))
            {
                throw new SchemaUnsupportedException(path, "the fact is outside the schema's minimum or maximum");
            }
        }

        if (node?.GetValueKind() == JsonValueKind.String)
        {
            var text = node.GetValue<string>();
            if ((schema.TryGetProperty("minLength", out var minLength) && text.Length < minLength.GetInt32())
                || (schema.TryGetProperty("maxLength", out var maxLength) && text.Length > maxLength.GetInt32())
                || (schema.TryGetProperty("pattern", out var pattern) && !Regex.IsMatch(text, pattern.GetString() ?? "", RegexOptions.None, TimeSpan.FromSeconds(1))))
            {
                throw new SchemaUnsupportedException(path, "the text breaks the schema's length or pattern");
            }
        }

        if (node is JsonArray array && schema.TryGetProperty("minItems", out var minItems) && array.Count < minItems.GetInt32())
        {
            throw new SchemaUnsupportedException(path, "the facts hold fewer items than the schema's minItems");
        }
    }

    /// <summary>The fact named <paramref name="name"/>, or one whose name differs only in case, underscores and hyphens.</summary>
    private static JsonElement? Find(JsonElement facts, string name)
    {
        if (facts.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        var wanted = Normalise(name);
        foreach (var property in facts.EnumerateObject())
        {
            if (Normalise(property.Name) == wanted)
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string Normalise(string name) => string.Concat(name.Where(char.IsLetterOrDigit)).ToLowerInvariant();
}
