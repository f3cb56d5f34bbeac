namespace Netra.Grains.Tools.Framework;

/// <summary>The JSON types a tool parameter can take.</summary>
public enum ToolParameterType
{
    /// <summary>A string.</summary>
    String,

    /// <summary>A number.</summary>
    Number,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>An ISO 8601 date-time string with an offset, such as <c>2026-11-20T00:00:00Z</c>.</summary>
    DateTime,

    /// <summary>An array of strings.</summary>
    StringList,

    /// <summary>A JSON object, of at most <see cref="ToolParameter.MaxJsonBytes"/> bytes.</summary>
    JsonObject,

    /// <summary>A JSON array of objects, of at most <see cref="ToolParameter.MaxJsonBytes"/> bytes.</summary>
    JsonArray,
}

/// <summary>One parameter of an analysis tool, as its JSON Schema shows it and as the tool grain validates it.</summary>
/// <param name="Name">The parameter's name, snake_case.</param>
/// <param name="Type">Its JSON type.</param>
/// <param name="Description">What it means.</param>
public sealed record ToolParameter(string Name, ToolParameterType Type, string Description)
{
    /// <summary>The largest <see cref="ToolParameterType.JsonObject"/> or <see cref="ToolParameterType.JsonArray"/> value, in UTF-8 bytes: 1 MiB.</summary>
    public const int MaxJsonBytes = 1_048_576;

    /// <summary>The longest a string may be, in characters.</summary>
    public int MaxLength { get; init; } = 256;

    /// <summary>Whether a call must give it.</summary>
    public bool Required { get; init; }

    /// <summary>The least value of a number.</summary>
    public double? Minimum { get; init; }

    /// <summary>The greatest value of a number.</summary>
    public double? Maximum { get; init; }

    /// <summary>The values a string (or each item of a list) may take, when restricted.</summary>
    public IReadOnlyList<string>? Allowed { get; init; }

    /// <summary>The value used when a call omits it: a string, a number or a bool; null for none.</summary>
    public object? Default { get; init; }
}
