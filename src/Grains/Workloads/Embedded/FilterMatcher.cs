using Netra.Grains.Workloads.Query;

namespace Netra.Grains.Workloads.Embedded;

/// <summary>Evaluates a <see cref="WorkloadFilter"/> on one stored event, as its documentation defines.</summary>
internal static class FilterMatcher
{
    public static bool Matches(StoredEvent stored, WorkloadFilter filter)
    {
        var e = stored.Event;
        if (filter.From is { } from && stored.TimestampMs < from.ToUnixTimeMilliseconds())
        {
            return false;
        }

        if (filter.To is { } to && stored.TimestampMs >= to.ToUnixTimeMilliseconds())
        {
            return false;
        }

        if (filter.Windows is { } windows && !InWindow(windows, stored.TimestampMs))
        {
            return false;
        }

        if (!In(filter.Models, e.Model) || !In(filter.Providers, e.Provider) || !In(filter.Features, e.Feature)
            || !In(filter.EndUsers, e.EndUser) || !In(filter.Teams, e.Team) || !In(filter.Statuses, e.Status) || !In(filter.FinishReasons, e.FinishReason))
        {
            return false;
        }

        foreach (var condition in filter.Conditions ?? [])
        {
            if (WorkloadValues.Field(e, stored.TimestampMs, condition.Field) is not { } value || !Holds(value, condition))
            {
                return false;
            }
        }

        return true;
    }

    private static bool InWindow(IReadOnlyList<TimeWindow> windows, long timestampMs)
    {
        foreach (var window in windows)
        {
            if (timestampMs >= window.From.ToUnixTimeMilliseconds() && timestampMs < window.To.ToUnixTimeMilliseconds())
            {
                return true;
            }
        }

        return false;
    }

    private static bool In(IReadOnlyList<string>? allowed, string? value)
    {
        if (allowed is null)
        {
            return true;
        }

        if (value is null)
        {
            return false;
        }

        foreach (var item in allowed)
        {
            if (string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Holds(double value, FieldCondition condition) => condition.Comparison switch
    {
        Comparison.Less => value < condition.Value,
        Comparison.LessOrEqual => value <= condition.Value,
        Comparison.Greater => value > condition.Value,
        Comparison.GreaterOrEqual => value >= condition.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.Comparison, "Unknown comparison."),
    };
}
