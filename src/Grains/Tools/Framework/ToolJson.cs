using System.Text.Json;

namespace Netra.Grains.Tools.Framework;

/// <summary>How tool data is serialized: snake_case, as <see cref="ToolRunner"/> writes it.</summary>
public static class ToolJson
{
    /// <summary>The serializer options of tool data.</summary>
    public static JsonSerializerOptions Options { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
