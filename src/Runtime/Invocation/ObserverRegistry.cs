using System.Collections.Concurrent;
using Netra.Runtime.Placement;

namespace Netra.Runtime.Invocation;

/// <summary>
/// The observers (<see cref="IGrainObserver"/>) created in this process. An observer's grain id has the type
/// <see cref="GrainType"/> and the key <c>{owner}/{id}</c>, where the owner names the process that holds the object: a
/// cluster client's transport identity, so a silo can find the client's connection. Keys are unique across
/// processes, so one registry serves every silo and client of a process.
/// </summary>
internal static class ObserverRegistry
{
    /// <summary>The grain type of every observer reference.</summary>
    public const string GrainType = "netra.observer";

    private static readonly ConcurrentDictionary<string, object> s_observers = new(StringComparer.Ordinal);

    /// <summary>The prefix of an owner that is a silo: <c>silo:{host}:{port}@{generation}</c>.</summary>
    public const string SiloOwnerPrefix = "silo:";

    public static bool IsObserver(GrainId id) => id.Type == GrainType;

    /// <summary>The owner name of observers made in the silo <paramref name="silo"/>.</summary>
    public static string SiloOwner(SiloAddress silo) => SiloOwnerPrefix + silo;

    /// <summary>The silo that owns <paramref name="owner"/>'s observers, if the owner is a silo.</summary>
    public static SiloAddress? SiloOf(string owner)
    {
        if (!owner.StartsWith(SiloOwnerPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var text = owner.AsSpan(SiloOwnerPrefix.Length);
        var at = text.LastIndexOf('@');
        var colon = at < 0 ? -1 : text[..at].LastIndexOf(':');
        return colon > 0
            && int.TryParse(text[(colon + 1)..at], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            && long.TryParse(text[(at + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var generation)
            ? new SiloAddress(text[..colon].ToString(), port, generation)
            : null;
    }

    /// <summary>The process that holds the observer <paramref name="id"/>.</summary>
    public static string OwnerOf(GrainId id)
    {
        var slash = id.Key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : id.Key[..slash];
    }

    public static GrainId Register(string owner, object observer)
    {
        var id = new GrainId(GrainType, $"{owner}/{Guid.NewGuid():N}");
        s_observers[id.Key] = observer;
        return id;
    }

    public static void Unregister(GrainId id) => s_observers.TryRemove(id.Key, out _);

    /// <summary>
    /// Runs <paramref name="message"/> on its observer if it lives in this process. Observer calls run at once on the
    /// thread pool, not as turns: an observer is a plain object, responsible for its own thread safety. An
    /// <see cref="IInlineObserver"/> is called on the caller's thread instead, which spares a hand-off.
    /// </summary>
    public static bool TryInvoke(Message message)
    {
        if (!s_observers.TryGetValue(message.Target.Key, out var observer))
        {
            return false;
        }

        var sink = message.Response ?? DiscardingSink.Instance;
        if (observer is IInlineObserver)
        {
            _ = message.Body.RunAsync(observer, sink);
            return true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static state => _ = state.message.Body.RunAsync(state.observer, state.sink),
            (message, observer, sink),
            preferLocal: false);
        return true;
    }

    /// <summary>The outcome of a one-way call, which nobody waits for.</summary>
    private sealed class DiscardingSink : IResponseSink
    {
        public static readonly DiscardingSink Instance = new();

        public void Complete<TResult>(TResult result)
        {
        }

        public void Fail(Exception exception)
        {
        }
    }
}

/// <summary>
/// An observer whose calls may run on the caller's thread (a grain's turn, or a connection's receive loop): each call
/// only hands its arguments to a queue of the observer's own, never blocks and never throws.
/// </summary>
internal interface IInlineObserver;
