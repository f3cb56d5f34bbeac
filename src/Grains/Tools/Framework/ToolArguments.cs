using System.Globalization;
using System.Text.Json;
using Netra.Grains.Workloads;

namespace Netra.Grains.Tools.Framework;

/// <summary>
/// A tool's parameters after validation against its declared <see cref="ToolParameter"/>s: unknown names, wrong types,
/// values out of bounds or not allowed, a missing required parameter, a malformed dataset name or a time range that
/// ends before it starts all throw <see cref="ArgumentException"/> with a message that says which and why.
/// </summary>
public sealed class ToolArguments
{
    private readonly Dictionary<string, JsonElement> _values;
    private readonly Dictionary<string, ToolParameter> _declared;

    private ToolArguments(Dictionary<string, JsonElement> values, IReadOnlyList<ToolParameter> declared)
    {
        _values = values;
        _declared = declared.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    /// <summary>Validates <paramref name="json"/> (a JSON object; empty or null means no parameters) against <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">The parameters are invalid.</exception>
    public static ToolArguments Parse(string? json, IReadOnlyList<ToolParameter> parameters)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(json))
        {
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(json);
                root = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"The parameters are not valid JSON: {ex.Message}", nameof(json), ex);
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("The parameters must be a JSON object.", nameof(json));
            }

            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Null)
                {
                    values[property.Name] = property.Value;
                }
            }
        }

        var known = parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        if (values.Keys.FirstOrDefault(name => !known.Contains(name)) is { } unknown)
        {
            throw new ArgumentException($"Unknown parameter '{unknown}'. This tool takes: {string.Join(", ", known.Order(StringComparer.Ordinal))}.", nameof(json));
        }

        foreach (var parameter in parameters)
        {
            if (values.TryGetValue(parameter.Name, out var value))
            {
                Check(parameter, value);
            }
            else if (parameter.Required)
            {
                throw new ArgumentException($"The parameter '{parameter.Name}' is required: {parameter.Description}", nameof(json));
            }
        }

        if (values.TryGetValue("from", out var fromValue) && values.TryGetValue("to", out var toValue)
            && ParseDateTime(fromValue.GetString()!) is { } from && ParseDateTime(toValue.GetString()!) is { } to && from >= to)
        {
            throw new ArgumentException($"'from' ({from:O}) must be before 'to' ({to:O}).", nameof(json));
        }

        return new ToolArguments(values, parameters);
    }

    /// <summary>A string parameter, or its default.</summary>
    public string? String(string name) => Get(name) is { } v ? v.GetString() : Default(name) as string;

    /// <summary>A number parameter, or its default.</summary>
    public double? Number(string name) => Get(name) is { } v ? v.GetDouble() : Default(name) is { } d ? Convert.ToDouble(d, CultureInfo.InvariantCulture) : null;

    /// <summary>A whole-number parameter, or its default.</summary>
    public long? Integer(string name) => Get(name) is { } v ? v.GetInt64() : Default(name) is { } d ? Convert.ToInt64(d, CultureInfo.InvariantCulture) : null;

    /// <summary>A boolean parameter, or its default.</summary>
    public bool? Boolean(string name) => Get(name) is { } v ? v.GetBoolean() : Default(name) as bool?;

    /// <summary>A date-time parameter.</summary>
    public DateTimeOffset? DateTime(string name) => Get(name) is { } v ? ParseDateTime(v.GetString()!) : null;

    /// <summary>A string-list parameter, or null.</summary>
    public IReadOnlyList<string>? StringList(string name) => Get(name) is { } v ? [.. v.EnumerateArray().Select(i => i.GetString()!)] : null;

    /// <summary>A JSON object or array parameter, or null.</summary>
    public JsonElement? Json(string name) => Get(name);

    /// <summary>Whether the call gave the parameter.</summary>
    public bool Has(string name) => _values.ContainsKey(name);

    private JsonElement? Get(string name)
    {
        if (!_declared.ContainsKey(name))
        {
            throw new InvalidOperationException($"The tool reads parameter '{name}', which it does not declare.");
        }

        return _values.TryGetValue(name, out var value) ? value : null;
    }

    private object? Default(string name) => _declared[name].Default;

    private static DateTimeOffset? ParseDateTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;

    private static void Check(ToolParameter parameter, JsonElement value)
    {
        var name = parameter.Name;
        var ok = parameter.Type switch
        {
            ToolParameterType.String => value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0 && value.GetString()!.Length <= parameter.MaxLength,
            ToolParameterType.Number => value.ValueKind == JsonValueKind.Number && double.IsFinite(value.GetDouble()),
            ToolParameterType.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            ToolParameterType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            ToolParameterType.DateTime => value.ValueKind == JsonValueKind.String && ParseDateTime(value.GetString()!) is not null,
            ToolParameterType.StringList => value.ValueKind == JsonValueKind.Array && value.GetArrayLength() <= 100
                && value.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String && i.GetString()!.Length is > 0 and <= 256),
            ToolParameterType.JsonObject => value.ValueKind == JsonValueKind.Object,
            ToolParameterType.JsonArray => value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(i => i.ValueKind == JsonValueKind.Object),
            _ => false,
        };
        if (!ok)
        {
            throw new ArgumentException($"The parameter '{name}' must be {Describe(parameter)}.", name);
        }

        if (parameter.Type is ToolParameterType.JsonObject or ToolParameterType.JsonArray
            && System.Text.Encoding.UTF8.GetByteCount(value.GetRawText()) is var bytes and > ToolParameter.MaxJsonBytes)
        {
            throw new ArgumentException(
                $"The parameter '{name}' is {Format(bytes)} bytes of JSON; at most {Format(ToolParameter.MaxJsonBytes)} (1 MiB) are accepted. Send fewer or smaller items.", name);
        }

        if (parameter.Type is ToolParameterType.Number or ToolParameterType.Integer)
        {
            var number = value.GetDouble();
            if (number < parameter.Minimum || number > parameter.Maximum)
            {
                var bounds = (parameter.Minimum, parameter.Maximum) switch
                {
                    ({ } min, { } max) => $"lie between {Format(min)} and {Format(max)}",
                    ({ } min, null) => $"be at least {Format(min)}",
                    _ => $"be at most {Format(parameter.Maximum!.Value)}",
                };
                throw new ArgumentException($"The parameter '{name}' must {bounds}, not {Format(number)}.", name);
            }
        }

        var items = parameter.Type switch
        {
            ToolParameterType.String => [value.GetString()!],
            ToolParameterType.StringList => value.EnumerateArray().Select(i => i.GetString()!).ToList(),
            _ => new List<string>(),
        };
        if (parameter.Allowed is { } allowed && items.FirstOrDefault(i => !allowed.Contains(i, StringComparer.Ordinal)) is { } bad)
        {
            throw new ArgumentException($"The parameter '{name}' must be one of {string.Join(", ", allowed)}, not '{bad}'.", name);
        }

        if (name == ToolParameters.Dataset.Name && !WorkloadDatasets.IsValidName(value.GetString()))
        {
            throw new ArgumentException("The parameter 'dataset' must be a dataset name: 1 to 64 letters, digits, '.', '_' or '-'.", name);
        }
    }

    private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Describe(ToolParameter parameter) => parameter.Type switch
    {
        ToolParameterType.String => $"a non-empty string of at most {parameter.MaxLength} characters",
        ToolParameterType.Number => "a number",
        ToolParameterType.Integer => "a whole number",
        ToolParameterType.Boolean => "true or false",
        ToolParameterType.DateTime => "an ISO 8601 date-time string, such as 2026-11-20T00:00:00Z",
        ToolParameterType.JsonObject => "a JSON object",
        ToolParameterType.JsonArray => "a JSON array of objects",
        _ => "an array of at most 100 non-empty strings",
    };
}
