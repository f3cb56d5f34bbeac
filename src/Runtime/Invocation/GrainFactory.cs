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
        private static (string Name, GrainProxyFactory Factory, string GrainType)? s_resolved;

        public static string GrainType => Resolved.GrainType;

        public static GrainProxyFactory ProxyFactory => Resolved.Factory;

        private static (string Name, GrainProxyFactory Factory, string GrainType) Resolved =>
            s_resolved ??= GrainTypeRegistry.ResolveInterface(typeof(T));
    }
}
