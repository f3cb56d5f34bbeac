using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Netra.Grains.Llm.Deterministic;

/// <summary>
/// Words one fact: its key becomes a label (<c>p95_latency_ms</c> → <c>p95 latency</c>) and its number is formatted by
/// what the key says it measures: currency, a percentage, milliseconds, seconds or a count. Formatting rounds and
/// scales (a 0.42 rate is 42%) but never makes up a number.
/// </summary>
internal static class FactFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly HashSet<string> CurrencyWords = ["usd", "dollars", "cost", "costs", "price", "prices", "spend", "spent", "savings", "saving", "budget", "revenue"];
    private static readonly HashSet<string> RatioWords = ["rate", "ratio", "share", "fraction"];
    private static readonly HashSet<string> PercentWords = ["pct", "percent", "percentage"];
    private static readonly HashSet<string> SecondWords = ["s", "sec", "secs", "seconds"];
    private static readonly HashSet<string> UnitWords = ["usd", "dollars", "ms", "pct", "percent", "percentage", "s", "sec", "secs", "seconds"];
    private static readonly HashSet<string> Acronyms = ["ttft", "llm", "api", "id", "ttl", "url", "usd", "sla"];

    /// <summary>What a number measures.</summary>
    private enum Unit
    {
        Plain,
        Currency,
        Percent,
        Ratio,
        Milliseconds,
        Seconds,
    }

    /// <summary>The lowercase words of <paramref name="key"/>: snake_case, spaced words and camelCase are split; hyphens stay, as in <c>gpt-4o</c>.</summary>
    public static IReadOnlyList<string> Words(string key)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            var boundary = c is '_' or ' ' || (char.IsUpper(c) && i > 0 && (char.IsLower(key[i - 1]) || char.IsDigit(key[i - 1])));
            if (boundary && word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }

            if (c is not '_' and not ' ')
            {
                word.Append(char.ToLowerInvariant(c));
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    /// <summary>The label of <paramref name="key"/>; a trailing unit word is dropped when <paramref name="value"/> is a number, as the value shows it.</summary>
    public static string Label(string key, JsonElement value)
    {
        var words = Words(key).ToList();
        if (value.ValueKind == JsonValueKind.Number && words.Count > 1 && UnitWords.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return string.Join(' ', words.Select(w => Acronyms.Contains(w) ? w.ToUpperInvariant() : w));
    }

    /// <summary>True when <paramref name="label"/> names a plural, such as <c>requests</c>.</summary>
    public static bool IsPlural(string label)
    {
        var last = label.Split(' ')[^1];
        return last.Length > 3 && last.EndsWith('s') && !last.EndsWith("ss", StringComparison.Ordinal) && !last.EndsWith("us", StringComparison.Ordinal)
            && !last.EndsWith("is", StringComparison.Ordinal);
    }

    /// <summary>True when the number under <paramref name="key"/> is a plain count rather than money, a share or a duration.</summary>
    public static bool IsCount(string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && UnitOf(Words(key), value) == Unit.Plain && value.TryGetInt64(out _);

    /// <summary><paramref name="value"/> as text: numbers formatted by <paramref name="key"/>, strings as they are, booleans as yes or no.</summary>
    public static string Value(string key, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => Number(key, value),
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        JsonValueKind.Null => "not known",
        _ => value.GetRawText(),
    };

    private static string Number(string key, JsonElement value)
    {
        if (!value.TryGetDecimal(out var number))
        {
            return value.GetDouble().ToString("G6", Invariant);
        }

        var words = Words(key);
        return UnitOf(words, value) switch
        {
            Unit.Currency => Currency(number),
            Unit.Percent => Percent(number),
            Unit.Ratio => Percent(number * 100m),
            Unit.Milliseconds => Math.Abs(number) >= 100 ? $"{number.ToString("#,##0", Invariant)} ms" : $"{number.ToString("#,##0.#", Invariant)} ms",
            Unit.Seconds => $"{number.ToString("#,##0.##", Invariant)} s",
            _ when words.Contains("year") => number.ToString("0", Invariant),
            _ => Plain(number),
        };
    }

    private static Unit UnitOf(IReadOnlyList<string> words, JsonElement value)
    {
        var last = words.Count > 0 ? words[^1] : "";
        if (last == "ms")
        {
            return Unit.Milliseconds;
        }

        if (SecondWords.Contains(last) && words.Count > 1)
        {
            return Unit.Seconds;
        }

        if (PercentWords.Contains(last))
        {
            return Unit.Percent;
        }

        if (RatioWords.Contains(last) && value.TryGetDecimal(out var ratio) && ratio is >= 0m and <= 1m)
        {
            return Unit.Ratio;
        }

        return words.Any(CurrencyWords.Contains) && !RatioWords.Contains(last) ? Unit.Currency : Unit.Plain;
    }

    private static string Currency(decimal amount)
    {
        var sign = amount < 0 ? "-" : "";
        var magnitude = Math.Abs(amount);
        if (magnitude >= 1m || magnitude == 0m)
        {
            return $"{sign}${magnitude.ToString("#,##0.00", Invariant)}";
        }

        // Below a dollar, keep four significant digits: $0.0042 per request must not read as $0.00.
        var decimals = Math.Min(10, Math.Max(2, SignificantDecimals(magnitude, 4)));
        return $"{sign}${Math.Round(magnitude, decimals).ToString("0.00" + new string('#', decimals - 2), Invariant)}";
    }

    private static string Percent(decimal percent)
    {
        var magnitude = Math.Abs(percent);
        if (magnitude >= 10m)
        {
            return percent.ToString("#,##0.#", Invariant) + "%";
        }

        if (magnitude >= 0.1m || magnitude == 0m)
        {
            return percent.ToString("0.##", Invariant) + "%";
        }

        // A tiny share keeps two significant digits: 0.0042% must not read as 0%.
        var decimals = Math.Min(10, SignificantDecimals(magnitude, 2));
        return Math.Round(percent, decimals).ToString("0." + new string('#', decimals), Invariant) + "%";
    }

    private static string Plain(decimal number)
    {
        if (number == decimal.Truncate(number))
        {
            return number.ToString("#,##0", Invariant);
        }

        var magnitude = Math.Abs(number);
        if (magnitude >= 1m)
        {
            return number.ToString(magnitude >= 100m ? "#,##0.#" : "#,##0.##", Invariant);
        }

        var decimals = Math.Min(10, SignificantDecimals(magnitude, 3));
        return Math.Round(number, decimals).ToString("0." + new string('#', decimals), Invariant);
    }

    /// <summary>How many decimals show <paramref name="significant"/> significant digits of a magnitude below 1.</summary>
    private static int SignificantDecimals(decimal magnitude, int significant) =>
        (int)-Math.Floor(Math.Log10((double)magnitude)) - 1 + significant;
}
