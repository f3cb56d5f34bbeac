namespace Netra.Runtime;

/// <summary>Gets references to grains. A reference is cheap; the grain is activated on its first call.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of type <typeparamref name="TGrainInterface"/> with a string key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;

    /// <summary>A reference to the grain of type <typeparamref name="TGrainInterface"/> with a Guid key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey;

    /// <summary>A reference to the grain of type <typeparamref name="TGrainInterface"/> with an integer key.</summary>
    TGrainInterface GetGrain<TGrainInterface>(long key) where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>
    /// A reference to <paramref name="observer"/>, a local object, that grains anywhere in the cluster can call. Calls
    /// run on the thread pool in this process, concurrently, not as grain turns. The reference lives until
    /// <see cref="DeleteObjectReference{TObserver}"/> or the end of this process.
    /// </summary>
    TObserver CreateObjectReference<TObserver>(TObserver observer) where TObserver : IGrainObserver;

    /// <summary>Stops <paramref name="reference"/> from reaching its object: later calls fail.</summary>
    void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : IGrainObserver;
}

/// <summary>A process that is not a silo and calls grains: a gateway or a test. It is an <see cref="IGrainFactory"/>.</summary>
public interface IClusterClient : IGrainFactory;
