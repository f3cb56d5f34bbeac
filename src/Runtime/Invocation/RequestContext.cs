namespace Netra.Runtime.Invocation;

/// <summary>
/// Small string values that travel with grain calls, as in Orleans' <c>RequestContext</c>: a value set before a call
/// is seen by the grain that serves it, by every grain that grain calls in turn, on any silo. The gateway sets the
/// signed-in user here, so every log line of the work done for a request names the user. Values are for context
/// (who, which request), never for secrets: they cross the network and reach logs.
/// </summary>
public static class RequestContext
{
    /// <summary>The key under which the gateway records the signed-in user.</summary>
    public const string UserIdKey = "user.id";

    private static readonly AsyncLocal<RequestValues?> s_local = new();

    /// <summary>The value of <paramref name="key"/> for the code running now, or null.</summary>
    public static string? Get(string key) => Current?.Get(key);

    /// <summary>Sets <paramref name="key"/> for the code that runs from here on in this logical flow and the calls it makes.</summary>
    public static void Set(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        s_local.Value = new RequestValues((Current ?? RequestValues.Empty).With(key, value), RuntimeContext.Current);
    }

    /// <summary>Removes <paramref name="key"/> for the code that runs from here on.</summary>
    public static void Remove(string key)
    {
        if (Current is { } current && current.Get(key) is not null)
        {
            s_local.Value = new RequestValues(current.Without(key), RuntimeContext.Current);
        }
    }

    /// <summary>Forgets every value for the code that runs from here on.</summary>
    public static void Clear() => s_local.Value = new RequestValues([], RuntimeContext.Current);

    /// <summary>
    /// The values an outgoing call carries and a log line shows. A value set in this flow counts only while the same
    /// request runs that set it: a grain turn that starts on a thread still holding some other request's values (a
    /// scheduler pumping inline) sees the values its own message brought, so nothing leaks between requests.
    /// </summary>
    internal static RequestValues? Current
    {
        get
        {
            var request = RuntimeContext.Current;
            return s_local.Value is { } local && ReferenceEquals(local.Owner, request) ? local : request?.RequestContext;
        }
    }

    /// <summary>Forgets this flow's own values without a new owner: a timer tick starts clean.</summary>
    internal static void ResetLocal() => s_local.Value = null;
}

/// <summary>An immutable set of request values, and the request it was set under (null outside grains).</summary>
internal sealed class RequestValues(KeyValuePair<string, string>[] values, object? owner = null)
{
    public static readonly RequestValues Empty = new([]);

    public KeyValuePair<string, string>[] Values { get; } = values;

    public object? Owner { get; } = owner;

    public int Count => Values.Length;

    public string? Get(string key)
    {
        foreach (var pair in Values)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    public KeyValuePair<string, string>[] With(string key, string value) =>
        [.. Values.Where(p => !string.Equals(p.Key, key, StringComparison.Ordinal)), new(key, value)];

    public KeyValuePair<string, string>[] Without(string key) =>
        [.. Values.Where(p => !string.Equals(p.Key, key, StringComparison.Ordinal))];
}
