namespace Netra.Grains.Workloads.Query;

/// <summary>How a <see cref="FieldCondition"/> compares.</summary>
public enum Comparison
{
    /// <summary>value &lt; operand.</summary>
    Less,

    /// <summary>value ≤ operand.</summary>
    LessOrEqual,

    /// <summary>value &gt; operand.</summary>
    Greater,

    /// <summary>value ≥ operand.</summary>
    GreaterOrEqual,
}

/// <summary>A condition on a numeric field; an event whose field has no value never satisfies it.</summary>
/// <param name="Field">The field.</param>
/// <param name="Comparison">How it compares.</param>
/// <param name="Value">The operand.</param>
public sealed record FieldCondition(WorkloadField Field, Comparison Comparison, double Value);

/// <summary>A time window: <see cref="From"/> inclusive, <see cref="To"/> exclusive, compared at millisecond precision.</summary>
/// <param name="From">Inclusive start.</param>
/// <param name="To">Exclusive end.</param>
public sealed record TimeWindow(DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// Which of a user's events a query reads. Every criterion that is set must hold (AND); a list matches when the event's
/// value equals one of its items exactly (ordinal), and an event with no value never matches a list. The user is not
/// part of the filter: it is a separate argument of every store call, so no query can reach another user's events.
/// </summary>
public sealed record WorkloadFilter
{
    /// <summary>No criteria: all the user's events.</summary>
    public static WorkloadFilter All { get; } = new();

    /// <summary>One dataset, or all when null.</summary>
    public string? Dataset { get; init; }

    /// <summary>Inclusive start, compared at millisecond precision.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive end, compared at millisecond precision.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// When set, only events inside one of these windows (a sample of the time range, see the tools'
    /// <c>ReplaySample</c>); an empty list matches nothing.
    /// </summary>
    public IReadOnlyList<TimeWindow>? Windows { get; init; }

    /// <summary>Models to keep.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Providers to keep.</summary>
    public IReadOnlyList<string>? Providers { get; init; }

    /// <summary>Features to keep.</summary>
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>End users to keep.</summary>
    public IReadOnlyList<string>? EndUsers { get; init; }

    /// <summary>Teams to keep.</summary>
    public IReadOnlyList<string>? Teams { get; init; }

    /// <summary>Statuses to keep.</summary>
    public IReadOnlyList<string>? Statuses { get; init; }

    /// <summary>Finish reasons to keep.</summary>
    public IReadOnlyList<string>? FinishReasons { get; init; }

    /// <summary>Numeric conditions, all of which must hold.</summary>
    public IReadOnlyList<FieldCondition>? Conditions { get; init; }

    /// <summary>This filter with <paramref name="condition"/> added.</summary>
    public WorkloadFilter And(FieldCondition condition) => this with { Conditions = [.. Conditions ?? [], condition] };

    /// <summary>This filter with <paramref name="field"/> <paramref name="comparison"/> <paramref name="value"/> added.</summary>
    public WorkloadFilter And(WorkloadField field, Comparison comparison, double value) => And(new FieldCondition(field, comparison, value));
}
