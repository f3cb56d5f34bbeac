using System.Text.Json;
using Netra.Grains.Catalog;

namespace Netra.Grains.Tools.Routing;

/// <summary>
/// A routing policy, as <c>policy_proposer</c> and <c>optimal_policy_proposer</c> emit it and <c>policy_simulator</c>
/// replays it. Rules are tried in order and the first that matches a request routes it. JSON (snake_case):
/// <c>{"name": "short chat to mini", "rules": [{"feature": "chat", "from_model": "gpt-4o", "max_input_tokens": 1200,
/// "target_model": "gpt-4o-mini", "escalate_on_failure": true}]}</c>.
/// </summary>
/// <param name="Name">A label for the policy.</param>
/// <param name="Rules">The rules, first match wins; at most <see cref="MaxRules"/>.</param>
public sealed record RoutingPolicy(string? Name, IReadOnlyList<RoutingRule> Rules)
{
    /// <summary>The most rules a policy may have.</summary>
    public const int MaxRules = 100;

    /// <summary>The policy's JSON shape, for tool parameter descriptions an LLM reads.</summary>
    public const string JsonShape =
        "{\"name\": string?, \"rules\": [{\"feature\": string? (null = any feature), \"from_model\": string? (null = any model), "
        + "\"max_input_tokens\": integer? (the rule matches requests with fewer input tokens; null = any length), \"target_model\": catalog model id, "
        + "\"escalate_on_failure\": bool (default true: a failed routed request is re-run on its original model)}]}; the first matching rule routes a request.";

    private static readonly JsonSerializerOptions s_json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>A policy with no rules: the workload as it is.</summary>
    public static RoutingPolicy Baseline { get; } = new("baseline", []);

    /// <summary>Reads and checks a policy.</summary>
    /// <exception cref="ArgumentException">The JSON does not have the shape, or a target model is not in the catalog.</exception>
    public static RoutingPolicy Parse(JsonElement json, ModelCatalog catalog)
    {
        RoutingPolicy? policy;
        try
        {
            policy = json.Deserialize<RoutingPolicy>(s_json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The policy does not have the shape {JsonShape}: {ex.Message}", nameof(json), ex);
        }

        if (policy?.Rules is not { Count: > 0 and <= MaxRules } rules)
        {
            throw new ArgumentException($"A policy needs 1 to {MaxRules} rules, of the shape {JsonShape}", nameof(json));
        }

        foreach (var (rule, i) in rules.Select((r, i) => (r, i)))
        {
            if (rule is null || catalog.Find(rule.TargetModel) is null)
            {
                throw new ArgumentException($"Rule {i + 1} of the policy names target_model '{rule?.TargetModel}', which is not in the catalog.", nameof(json));
            }

            if (rule.MaxInputTokens is < 1)
            {
                throw new ArgumentException($"Rule {i + 1} of the policy has max_input_tokens below 1.", nameof(json));
            }
        }

        return policy;
    }

    /// <summary>The first rule matching a request, or null.</summary>
    public RoutingRule? Match(string? feature, string model, long inputTokens) =>
        MatchIndex(feature, model, inputTokens) is var i and >= 0 ? Rules[i] : null;

    /// <summary>The index of the first rule that matches the request, or -1 when none does; a loop, as replays call it per request and rule set.</summary>
    public int MatchIndex(string? feature, string model, long inputTokens)
    {
        for (var i = 0; i < Rules.Count; i++)
        {
            var r = Rules[i];
            if ((r.Feature is null || r.Feature == feature)
                && (r.FromModel is null || string.Equals(r.FromModel, model, StringComparison.OrdinalIgnoreCase))
                && (r.MaxInputTokens is not { } max || inputTokens < max))
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>One rule of a <see cref="RoutingPolicy"/>.</summary>
/// <param name="Feature">The feature it applies to; null for any.</param>
/// <param name="FromModel">The model whose requests it moves; null for any.</param>
/// <param name="MaxInputTokens">It applies to requests with fewer input tokens than this; null for any length.</param>
/// <param name="TargetModel">The catalog model that serves the requests it matches.</param>
/// <param name="EscalateOnFailure">Whether a routed request that fails is re-run on its original model.</param>
public sealed record RoutingRule(string? Feature, string? FromModel, long? MaxInputTokens, string TargetModel, bool EscalateOnFailure = true);
