using System.Globalization;
using System.Text.RegularExpressions;

namespace Netra.Grains.Agents.Triage;

/// <summary>
/// The deterministic reading of a request, with no network: intent from keywords, and the parameters and targets
/// a user writes in plain words ("last 7 days", "dataset demo", "cut 30%", "p95 under 2 s", "keep quality").
/// </summary>
public static partial class TriageParser
{
    private static readonly (string Intent, string[] Words)[] s_intents =
    [
        (TriageIntents.Cost, ["spend", "spending", "cost", "costs", "money", "bill", "expensive", "cheaper", "save", "saving", "price", "$"]),
        (TriageIntents.Latency, ["latency", "slow", "p95", "p99", "p50", "fast", "faster", "ttft", "response time", "time to first token"]),
        (TriageIntents.Caching, ["cache", "caching", "cached", "prefix", "kv", "repeated prompt", "duplicate"]),
        (TriageIntents.Routing, ["route", "routing", "policy", "model mix", "switch model", "which model", "downgrade"]),
        (TriageIntents.Capacity, ["capacity", "gpu", "throughput", "self-host", "rate limit", "tpm", "rpm", "requests per"]),
        (TriageIntents.Budget, ["budget", "forecast", "overrun", "burn rate", "next month"]),
        (TriageIntents.Data, ["how many", "what models", "which models", "which features", "overview", "profile", "summary", "summarize", "show me", "describe", "errors"]),
        (TriageIntents.Help, ["help", "what can you do", "how do i", "what do you"]),
    ];

    /// <summary>Reads <paramref name="message"/>; relative times are taken from <paramref name="now"/>.</summary>
    public static TriageReading Parse(string message, DateTimeOffset now)
    {
        var text = message.ToLowerInvariant();
        var scores = s_intents
            .Select((entry, order) => (entry.Intent, Score: entry.Words.Count(w => Contains(text, w)), order))
            .Where(s => s.Score > 0)
            .OrderByDescending(s => s.Score).ThenBy(s => s.order)
            .ToList();
        var intent = scores.Count > 0 ? scores[0].Intent : TriageIntents.Unanswerable;
        var secondary = scores.Skip(1).Select(s => s.Intent).Where(i => i is not (TriageIntents.Data or TriageIntents.Help)).ToList();
        var (from, to) = TimeRange(text, now);
        return new TriageReading(
            intent,
            scores.Count == 0 ? 0 : Math.Min(1, 0.5 + (0.15 * scores[0].Score)),
            Dataset(text),
            from,
            to,
            [.. ModelPattern().Matches(text).Select(m => m.Value).Distinct()],
            [.. FeaturePattern().Matches(text).Select(m => m.Groups["feature"].Value).Distinct()],
            new TriageTargets(CostCut(text), LatencyTarget(text), KeepQuality(text)),
            secondary);
    }

    private static bool Contains(string text, string word) =>
        word.Length <= 3 && word.All(char.IsLetter)
            ? Regex.IsMatch(text, $@"\b{Regex.Escape(word)}\b", RegexOptions.CultureInvariant)
            : text.Contains(word, StringComparison.Ordinal);

    private static string? Dataset(string text) =>
        DatasetPattern().Match(text) is { Success: true } match ? match.Groups["name"].Value
        : text.Contains("demo data", StringComparison.Ordinal) || text.Contains("demo workload", StringComparison.Ordinal) ? "demo"
        : null;

    private static (DateTimeOffset? From, DateTimeOffset? To) TimeRange(string text, DateTimeOffset now)
    {
        if (LastPattern().Match(text) is { Success: true } last)
        {
            var count = last.Groups["n"].Success ? int.Parse(last.Groups["n"].Value, CultureInfo.InvariantCulture) : 1;
            var span = last.Groups["unit"].Value switch
            {
                "hour" or "hours" => TimeSpan.FromHours(count),
                "week" or "weeks" => TimeSpan.FromDays(7 * count),
                "month" or "months" => TimeSpan.FromDays(30 * count),
                _ => TimeSpan.FromDays(count),
            };
            return (now - span, now);
        }

        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        return text.Contains("yesterday", StringComparison.Ordinal) ? (today.AddDays(-1), today)
            : text.Contains("today", StringComparison.Ordinal) ? (today, now)
            : (null, null);
    }

    private static double? CostCut(string text) =>
        CutPattern().Match(text) is { Success: true } match ? double.Parse(match.Groups["pct"].Value, CultureInfo.InvariantCulture) : null;

    private static double? LatencyTarget(string text)
    {
        if (LatencyPattern().Match(text) is not { Success: true } match)
        {
            return null;
        }

        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value.StartsWith("ms", StringComparison.Ordinal) ? value : value * 1000;
    }

    private static bool KeepQuality(string text) =>
        QualityPattern().IsMatch(text);

    [GeneratedRegex(@"\bdataset\s*[:=]?\s*[""']?(?<name>[a-z0-9][a-z0-9._-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex DatasetPattern();

    [GeneratedRegex(@"\b(?:last|past)\s+(?:(?<n>\d{1,3})\s+)?(?<unit>hours?|days?|weeks?|months?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex LastPattern();

    [GeneratedRegex(@"\b(?:cut|reduce|lower|save|saving|drop)\b[^%\d]{0,40}(?<pct>\d{1,2}(?:\.\d+)?)\s*%", RegexOptions.CultureInvariant)]
    private static partial Regex CutPattern();

    [GeneratedRegex(@"\bp9[59]\b[^\d]{0,30}(?<value>\d+(?:\.\d+)?)\s*(?<unit>ms|s\b|sec|seconds?)", RegexOptions.CultureInvariant)]
    private static partial Regex LatencyPattern();

    [GeneratedRegex(@"(quality\s+(no\s+lower|the\s+same|intact|as\s+(it\s+is|now)))|(keep(ing)?\s+(the\s+)?quality)|(without\s+(losing|hurting|lowering)\s+quality)", RegexOptions.CultureInvariant)]
    private static partial Regex QualityPattern();

    [GeneratedRegex(@"\b(?:gpt-[a-z0-9.\-]+|o[1345](?:-mini)?|claude-[a-z0-9.\-]+|gemini-[a-z0-9.\-]+|llama-?[a-z0-9.\-]*|mistral-[a-z0-9.\-]+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ModelPattern();

    [GeneratedRegex(@"\bfeature\s*[:=]?\s*[""']?(?<feature>[a-z0-9][a-z0-9._-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex FeaturePattern();
}

/// <summary>The intents Triage recognises.</summary>
public static class TriageIntents
{
    /// <summary>Where the money goes and how to spend less.</summary>
    public const string Cost = "cost";

    /// <summary>What is slow and how to speed it up.</summary>
    public const string Latency = "latency";

    /// <summary>What caching would save.</summary>
    public const string Caching = "caching";

    /// <summary>Which model should serve what.</summary>
    public const string Routing = "routing";

    /// <summary>Throughput, rate limits and GPUs.</summary>
    public const string Capacity = "capacity";

    /// <summary>Spend against a budget, and a forecast.</summary>
    public const string Budget = "budget";

    /// <summary>A question about the data itself.</summary>
    public const string Data = "data_question";

    /// <summary>What Netra can do.</summary>
    public const string Help = "help";

    /// <summary>Nothing Netra can answer from workload data.</summary>
    public const string Unanswerable = "unanswerable";
}

/// <summary>What Triage read from a request.</summary>
public sealed record TriageReading(
    string Intent, double Confidence, string? Dataset, DateTimeOffset? From, DateTimeOffset? To, List<string> Models,
    List<string> Features, TriageTargets Targets, List<string> SecondaryIntents);

/// <summary>The user's targets: a cost cut in percent, a p95 latency ceiling in ms, and whether quality must hold.</summary>
public sealed record TriageTargets(double? CostReductionPercent, double? LatencyP95Ms, bool KeepQuality);
