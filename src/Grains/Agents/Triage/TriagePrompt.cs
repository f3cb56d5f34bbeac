using System.Text.Json;

namespace Netra.Grains.Agents.Triage;

/// <summary>What a model is asked for triage, and how its answer is read (falling back to the parser's reading field by field).</summary>
internal static class TriagePrompt
{
    public const string System = "You triage questions about a team's LLM request telemetry (cost, latency, caching, routing, capacity, budget). "
        + "Answer with JSON only, following the schema. Use intent 'data_question' for questions about the data itself, 'help' for "
        + "questions about what you can do, and 'unanswerable' for anything that workload data cannot answer.";

    public const string Schema = """
        {"type":"object","required":["intent"],"properties":{
          "intent":{"type":"string","enum":["cost","latency","caching","routing","capacity","budget","data_question","help","unanswerable"]},
          "dataset":{"type":["string","null"]},
          "models":{"type":"array","items":{"type":"string"}},
          "features":{"type":"array","items":{"type":"string"}},
          "cost_reduction_percent":{"type":["number","null"]},
          "latency_p95_ms":{"type":["number","null"]},
          "keep_quality":{"type":"boolean"}}}
        """;

    private static readonly HashSet<string> s_intents =
    [
        TriageIntents.Cost, TriageIntents.Latency, TriageIntents.Caching, TriageIntents.Routing, TriageIntents.Capacity,
        TriageIntents.Budget, TriageIntents.Data, TriageIntents.Help, TriageIntents.Unanswerable,
    ];

    /// <summary>The model's reading; fields it left out come from the parser's.</summary>
    /// <exception cref="InvalidOperationException">The intent is missing or unknown.</exception>
    public static TriageReading Read(string json, TriageReading parsed)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var intent = root.GetProperty("intent").GetString();
        if (intent is null || !s_intents.Contains(intent))
        {
            throw new InvalidOperationException($"The model answered an unknown intent '{intent}'.");
        }

        return parsed with
        {
            Intent = intent,
            Confidence = 0.9,
            Dataset = String(root, "dataset") ?? parsed.Dataset,
            Models = Strings(root, "models") ?? parsed.Models,
            Features = Strings(root, "features") ?? parsed.Features,
            Targets = new TriageTargets(
                Number(root, "cost_reduction_percent") ?? parsed.Targets.CostReductionPercent,
                Number(root, "latency_p95_ms") ?? parsed.Targets.LatencyP95Ms,
                root.TryGetProperty("keep_quality", out var keep) && keep.ValueKind == JsonValueKind.True || parsed.Targets.KeepQuality),
        };
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static List<string>? Strings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : null;
}
