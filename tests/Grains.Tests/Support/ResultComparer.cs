using System.Text.Json;

namespace Netra.Grains.Tests.Support;

/// <summary>Compares what two stores answered: numbers to 1e-9 relative (sums may add in another order), the rest exactly.</summary>
public static class ResultComparer
{
    /// <summary>The relative tolerance of numbers.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>Whether two numbers are equal to <see cref="Tolerance"/>, relative to the larger.</summary>
    public static bool Close(double expected, double actual) =>
        expected.Equals(actual) || Math.Abs(expected - actual) <= Tolerance * Math.Max(Math.Abs(expected), Math.Abs(actual));

    /// <summary>The first difference between two JSON documents (path and both values), or null when they agree.</summary>
    public static string? Difference(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (expected.ValueKind != actual.ValueKind)
        {
            return $"{path}: {expected.GetRawText()} vs {actual.GetRawText()}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Number:
                return Close(expected.GetDouble(), actual.GetDouble()) ? null : $"{path}: {expected.GetRawText()} vs {actual.GetRawText()}";
            case JsonValueKind.Array:
                var (left, right) = (expected.EnumerateArray().ToList(), actual.EnumerateArray().ToList());
                if (left.Count != right.Count)
                {
                    return $"{path}: {left.Count} items vs {right.Count}";
                }

                return left.Select((item, i) => Difference(item, right[i], $"{path}[{i}]")).FirstOrDefault(d => d is not null);
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).ToList();
                var otherNames = actual.EnumerateObject().Select(p => p.Name).ToList();
                if (!names.SequenceEqual(otherNames, StringComparer.Ordinal))
                {
                    return $"{path}: properties {string.Join(',', names)} vs {string.Join(',', otherNames)}";
                }

                return names.Select(n => Difference(expected.GetProperty(n), actual.GetProperty(n), $"{path}.{n}")).FirstOrDefault(d => d is not null);
            default:
                return expected.GetRawText() == actual.GetRawText() ? null : $"{path}: {expected.GetRawText()} vs {actual.GetRawText()}";
        }
    }
}
