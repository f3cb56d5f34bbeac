using System.Text.Json;

namespace Netra.Grains.Agents;

/// <summary>
/// The stages Triage chose, read from its output: each stage's steps run side by side (the parallel strategy), the
/// stages one after another (sequential), and only the steps the request needs (conditional).
/// </summary>
internal sealed record PipelinePlan(IReadOnlyList<IReadOnlyList<string>> Stages, string Explanation)
{
    public static PipelinePlan From(string triageOutputJson)
    {
        using var document = JsonDocument.Parse(triageOutputJson);
        var root = document.RootElement;
        var stages = root.GetProperty("stages").EnumerateArray()
            .Select(stage => (IReadOnlyList<string>)[.. stage.EnumerateArray().Select(step => step.GetString()!)])
            .ToList();
        return new PipelinePlan(stages, root.GetProperty("explanation").GetString()!);
    }

    /// <summary>The steps of <paramref name="stage"/> that the data step made pointless: there is nothing to analyse.</summary>
    public static IReadOnlyList<string> Skip(IReadOnlyList<string> stage, IReadOnlyDictionary<string, string> outputs)
    {
        if (!outputs.TryGetValue(AgentNames.Data, out var data))
        {
            return [];
        }

        using var document = JsonDocument.Parse(data);
        return document.RootElement.TryGetProperty("has_data", out var hasData) && !hasData.GetBoolean()
            ? [.. stage.Where(step => step is AgentNames.Optimizations or AgentNames.Actions)]
            : [];
    }
}

/// <summary>Reads the report out of the Reporting step's output.</summary>
internal static class AgentOutputs
{
    public static (string Markdown, string ResultJson) Report(IReadOnlyDictionary<string, string> outputs)
    {
        using var document = JsonDocument.Parse(outputs[AgentNames.Reporting]);
        var root = document.RootElement;
        return (root.GetProperty("markdown").GetString()!, root.GetProperty("result").GetRawText());
    }
}
