namespace Netra.Runtime.Invocation;

/// <summary>
/// Makes grain references bound to one invoker, a silo's or a client's, and observer references owned by
/// <paramref name="observerOwner"/>: the name under which silos can reach this process, read when a reference is made
/// (a silo learns its address only when it listens).
/// </summary>
internal sealed class GrainFactory(IGrainCallInvoker invoker, Func<string> observerOwner) : IClusterClient
{
    /// <summary>Makes a factory whose observers are owned by the fixed name <paramref name="observerOwner"/>.</summary>
    public GrainFactory(IGrainCallInvoker invoker, string observerOwner)
        : this(invoker, () => observerOwner)
    {
    }

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey =>
        Create<TGrainInterface>(GrainId.Create(GrainInterface<TGrainInterface>.GrainType, key));

    public TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey =>
        Create<TGrainInterface>(GrainId.Create(GrainInterface<TGrainInterface>.GrainType, key));

    public TGrainInterface GetGrain<TGrainInterface>(long key) where TGrainInterface : IGrainWithIntegerKey =>
        Create<TGrainInterface>(GrainId.Create(GrainInterface<TGrainInterface>.GrainType, key));

    public TObserver CreateObjectReference<TObserver>(TObserver observer) where TObserver : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(observer);
        if (observer is GrainReference)
        {
            throw new ArgumentException("The observer is already a reference; pass the object itself.", nameof(observer));
        }

        var factory = GrainTypeRegistry.GetProxyFactory(typeof(TObserver));
        return (TObserver)(object)factory(invoker, ObserverRegistry.Register(observerOwner(), observer));
    }

    public void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : IGrainObserver
    {
        if (reference is not GrainReference { GrainId: var id } || !ObserverRegistry.IsObserver(id))
        {
            throw new ArgumentException("Not an observer reference made by CreateObjectReference.", nameof(reference));
        }

        ObserverRegistry.Unregister(id);
    }

    private TGrainInterface Create<TGrainInterface>(GrainId grainId) => CreateReference<TGrainInterface>(invoker, grainId);

    /// <summary>A reference to <paramref name="grainId"/> through <typeparamref name="TGrainInterface"/>.</summary>
    public static TGrainInterface CreateReference<TGrainInterface>(IGrainCallInvoker invoker, GrainId grainId) =>
        (TGrainInterface)(object)GrainInterface<TGrainInterface>.ProxyFactory(invoker, grainId);

    public IGrainCallInvoker Invoker => invoker;

    /// <summary>The proxy factory and grain type of one interface, resolved once per process.</summary>
    private static class GrainInterface<T>
    {
        // A reference, published whole: a struct here could be read half-written by a racing first call.
        private static Resolution? s_resolved;

        public static string GrainType => Resolved.GrainType;

        public static GrainProxyFactory ProxyFactory => Resolved.Factory;

        private static Resolution Resolved
        {
            get
            {
                if (Volatile.Read(ref s_resolved) is { } resolved)
                {
                    return resolved;
                }

                var (_, factory, grainType) = GrainTypeRegistry.ResolveInterface(typeof(T));
                Volatile.Write(ref s_resolved, new Resolution(factory, grainType));
                return s_resolved!;
            }
        }
    }

    private sealed record Resolution(GrainProxyFactory Factory, string GrainType);
}
