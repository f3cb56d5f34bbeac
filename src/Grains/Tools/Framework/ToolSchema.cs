using System.Text.Json;
using System.Text.Json.Nodes;

namespace Netra.Grains.Tools.Framework;

/// <summary>The JSON Schema (draft 2020-12 subset) of a tool's parameters, as <c>GET /api/tools</c> lists it.</summary>
public static class ToolSchema
{
    /// <summary>The schema of <paramref name="parameters"/>: an object with those properties and no others.</summary>
    public static string Build(IReadOnlyList<ToolParameter> parameters)
    {
        var properties = new JsonObject();
        foreach (var parameter in parameters)
        {
            var property = parameter.Type switch
            {
                ToolParameterType.DateTime => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
                ToolParameterType.StringList => new JsonObject { ["type"] = "array", ["items"] = Items(parameter) },
                ToolParameterType.JsonObject => new JsonObject { ["type"] = "object" },
                ToolParameterType.JsonArray => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object" } },
                _ => new JsonObject { ["type"] = TypeName(parameter.Type) },
            };
            property["description"] = parameter.Description;
            if (parameter.Type == ToolParameterType.String && parameter.Allowed is { } allowed)
            {
                property["enum"] = new JsonArray([.. allowed.Select(a => JsonValue.Create(a))]);
            }

            if (parameter.Type == ToolParameterType.String)
            {
                property["maxLength"] = parameter.MaxLength;
            }

            if (parameter.Minimum is { } min)
            {
                property["minimum"] = min;
            }

            if (parameter.Maximum is { } max)
            {
                property["maximum"] = max;
            }

            if (parameter.Default is { } value)
            {
                property["default"] = JsonSerializer.SerializeToNode(value);
            }

            properties[parameter.Name] = property;
        }

        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        var required = parameters.Where(p => p.Required).Select(p => JsonValue.Create(p.Name)).ToArray();
        if (required.Length > 0)
        {
            schema["required"] = new JsonArray(required);
        }

        return schema.ToJsonString();
    }

    private static JsonObject Items(ToolParameter parameter)
    {
        var items = new JsonObject { ["type"] = "string" };
        if (parameter.Allowed is { } allowed)
        {
            items["enum"] = new JsonArray([.. allowed.Select(a => JsonValue.Create(a))]);
        }

        return items;
    }

    private static string TypeName(ToolParameterType type) => type switch
    {
        ToolParameterType.Number => "number",
        ToolParameterType.Integer => "integer",
        ToolParameterType.Boolean => "boolean",
        ToolParameterType.JsonObject => "object",
        _ => "string",
    };
}
