namespace Netra.Runtime.Invocation;

/// <summary>Makes grain references bound to one invoker: a silo's, or a client's.</summary>
internal sealed class GrainFactory(IGrainCallInvoker invoker) : IClusterClient
{
    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey =>
        Create<TGrainInterface>(GrainId.Create(GrainInterface<TGrainInterface>.GrainType, key));

    public TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey =>
        Create<TGrainInterface>(GrainId.Create(GrainInterface<TGrainInterface>.GrainType, key));

    public TGrainInterface GetGrain<TGrainInterface>(long key) where TGrainInterface : IGrainWithIntegerKey =>
        Create<TGrainInterface>(GrainId.Create(GrainInterface<TGrainInterface>.GrainType, key));

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
