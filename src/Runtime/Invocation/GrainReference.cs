using System.ComponentModel;

namespace Netra.Runtime;

/// <summary>
/// The base of every generated grain proxy. A reference names a grain (<see cref="GrainId"/>) and the interface it is
/// used through; it holds no activation, so it can be kept, compared, used as a key and sent inside messages.
/// Two references to the same grain through the same interface are equal.
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    /// <summary>Called by generated proxies.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected GrainReference(IGrainCallInvoker invoker, GrainId grainId, string interfaceName)
    {
        Invoker = invoker;
        GrainId = grainId;
        InterfaceName = interfaceName;
    }

    /// <summary>The grain this reference names.</summary>
    public GrainId GrainId { get; }

    /// <summary>The full name of the grain interface this reference is used through.</summary>
    public string InterfaceName { get; }

    /// <summary>The runtime that sends this reference's calls.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public IGrainCallInvoker Invoker { get; }

    /// <summary>Sends a request and waits for its response. Called by generated proxies.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected Task<TResult> InvokeAsync<TResult>(GrainRequest<TResult> request) => Invoker.InvokeAsync(this, request);

    /// <summary>Sends a one-way request. Called by generated proxies.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    protected Task InvokeOneWayAsync(GrainRequest<VoidResult> request)
    {
        Invoker.InvokeOneWay(this, request);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public bool Equals(GrainReference? other) =>
        other is not null && GrainId == other.GrainId && string.Equals(InterfaceName, other.InterfaceName, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GrainReference);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(GrainId, InterfaceName);

    /// <inheritdoc />
    public override string ToString() => $"{InterfaceName}:{GrainId}";
}

/// <summary>Sends the calls of grain references. The silo and the cluster client each have one.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGrainCallInvoker
{
    /// <summary>Sends a request to the grain named by <paramref name="target"/> and completes with its response.</summary>
    Task<TResult> InvokeAsync<TResult>(GrainReference target, GrainRequest<TResult> request);

    /// <summary>Sends a request whose response nobody waits for.</summary>
    void InvokeOneWay(GrainReference target, GrainRequest<VoidResult> request);
}
