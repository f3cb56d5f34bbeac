namespace Netra.Grains.Threads;

/// <summary>The bounds every thread keeps to, checked by the grain and, for friendlier errors, by its callers.</summary>
public static class ThreadLimits
{
    /// <summary>The longest title, in characters.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>How many messages a thread keeps; older ones are dropped.</summary>
    public const int MaxMessages = 1_000;

    /// <summary>How many run ids a thread keeps; older ones are dropped from its list (the runs themselves remain).</summary>
    public const int MaxRuns = 1_000;

    /// <summary>The longest message, in characters. Room for a long markdown report.</summary>
    public const int MaxContentLength = 200_000;

    /// <summary>
    /// Whether <paramref name="title"/> is a valid title: 1 to <see cref="MaxTitleLength"/> characters, not only
    /// white space, and no control characters.
    /// </summary>
    public static bool IsValidTitle(string? title) =>
        !string.IsNullOrWhiteSpace(title) && title.Length <= MaxTitleLength && !title.Any(char.IsControl);
}
